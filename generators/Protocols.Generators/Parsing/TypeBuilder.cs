using System.Collections.Generic;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

/// <summary>A type under construction; frozen into a <see cref="TypeSpec"/> once the whole closure is known.</summary>
internal sealed class TypeBuilder
{
    public TypeBuilder(string name, string origin, TypeKind kind)
    {
        Name = name;
        Origin = origin;
        Kind = kind;
    }

    public string Name { get; }
    public string Origin { get; }
    public TypeKind Kind { get; set; }
    public string? Doc { get; set; }
    public List<PropertySpec> Properties { get; } = new();
    public SortedSet<string> Interfaces { get; } = new(System.StringComparer.Ordinal);
    public string? TagMember { get; set; }
    public List<VariantSpec> Variants { get; } = new();
    public List<EnumValueSpec> Values { get; } = new();
    public string? UnknownName { get; set; }

    public TypeSpec Build(VendorSettings settings, string hintName) => new()
    {
        HintName = hintName,
        Vendor = settings.Vendor,
        Namespace = settings.Namespace,
        JsonClass = settings.JsonClass,
        Name = Name,
        Origin = Origin,
        Kind = Kind,
        StrictRequired = settings.StrictRequired,
        Doc = Doc,
        Properties = Properties.ToEquatableArray(),
        Interfaces = Interfaces.ToEquatableArray(),
        TagMember = TagMember,
        Variants = Variants.ToEquatableArray(),
        Values = Values.ToEquatableArray(),
        UnknownName = UnknownName,
    };
}
