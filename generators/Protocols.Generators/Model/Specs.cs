
namespace Protocols.Generators.Model;

// The generator's pipeline carries only these equatable values: no ISymbol, SyntaxNode, Compilation,
// JsonElement or JsonNode, so unchanged inputs compare equal and downstream steps stay cached.

/// <summary>Where something sits in a spec file (for diagnostics only: never part of an emitted model).</summary>
internal sealed record LocationInfo(string FilePath, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>A diagnostic to report: descriptor id, location and message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments);

/// <summary>Per-vendor settings read from <c>specs/&lt;vendor&gt;/protocols.json</c>.</summary>
internal sealed record VendorSettings
{
    public required string Vendor { get; init; }
    public required string Document { get; init; }
    public required string Namespace { get; init; }
    public required string JsonClass { get; init; }
    public required EquatableArray<string> Roots { get; init; }
    public required bool AllSchemasAsRoots { get; init; }
    public required bool Emit { get; init; }
    public required bool StrictRequired { get; init; }

    /// <summary>String members (<c>Type.member</c>, generated type names) read from an object or array as its JSON text (settings <c>jsonTextMembers</c>).</summary>
    public EquatableArray<string> JsonTextMembers { get; init; } = EquatableArray<string>.Empty;
    public required string SettingsPath { get; init; }
}

/// <summary>The kinds of value a JSON member can hold.</summary>
internal enum RefKind
{
    String,
    Int64,
    Double,
    Boolean,
    Any,
    Named,
    Array,
    Map,
}

/// <summary>A reference to a C# type for a JSON value.</summary>
internal sealed record TypeRef
{
    public required RefKind Kind { get; init; }

    /// <summary>Fully qualified C# name for <see cref="RefKind.Named"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Whether a named type is a struct (extensible enum).</summary>
    public bool IsValueType { get; init; }

    /// <summary>Whether a named type is an interface (a tagged union).</summary>
    public bool IsInterface { get; init; }

    /// <summary>Element type of arrays and maps.</summary>
    public TypeRef? Element { get; init; }

    /// <summary>Whether JSON null is allowed for this value.</summary>
    public bool Nullable { get; init; }

    /// <summary>For <see cref="RefKind.Any"/>: the schema says the value is an object (free-form members).</summary>
    public bool ObjectOnly { get; init; }

    /// <summary>A constant string value (JSON Schema <c>const</c> or a one-value enum).</summary>
    public string? Const { get; init; }

    public static readonly TypeRef StringRef = new() { Kind = RefKind.String };
    public static readonly TypeRef AnyRef = new() { Kind = RefKind.Any };
}

/// <summary>A member of a generated object.</summary>
internal sealed record PropertySpec
{
    public required string JsonName { get; init; }
    public required string CsName { get; init; }
    public required TypeRef Type { get; init; }
    public required bool Required { get; init; }
    public string? Doc { get; init; }
    public bool Deprecated { get; init; }

    /// <summary>The schema's <c>default</c> as JSON text: what an absent required member reads as.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>A string member that also reads an object or array, as its JSON text (settings <c>jsonTextMembers</c>).</summary>
    public bool JsonText { get; init; }
}

/// <summary>What a generated type is.</summary>
internal enum TypeKind
{
    /// <summary>A class with members.</summary>
    Object,

    /// <summary>An interface with one class per variant, chosen by a tag member, plus an unknown variant.</summary>
    TaggedUnion,

    /// <summary>A class holding one of several JSON shapes (string, array, object …).</summary>
    ShapeUnion,

    /// <summary>An extensible readonly-struct enum.</summary>
    Enum,
}

/// <summary>The JSON shape of a union variant.</summary>
internal enum ShapeKind
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>One variant of a union.</summary>
internal sealed record VariantSpec
{
    /// <summary>The tag values selecting this variant (tagged unions).</summary>
    public required EquatableArray<string> Tags { get; init; }

    /// <summary>C# member name for the variant (shape unions) or the class name (tagged unions).</summary>
    public required string Name { get; init; }

    public required TypeRef Type { get; init; }

    public required ShapeKind Shape { get; init; }

    /// <summary>Required members used to tell untagged object variants apart.</summary>
    public EquatableArray<string> RequiredMembers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the variant is chosen when the tag member is absent.</summary>
    public bool IsDefault { get; init; }
}

/// <summary>A known value of an extensible enum.</summary>
internal sealed record EnumValueSpec(string Value, string CsName, string? Doc);

/// <summary>A type to emit, complete: emission reads nothing else.</summary>
internal sealed record TypeSpec
{
    public required string Vendor { get; init; }
    public required string Namespace { get; init; }
    public required string JsonClass { get; init; }
    public required string Name { get; init; }

    /// <summary>
    /// The file name part for <c>AddSource</c>: <see cref="Name"/>, or <c>Name.2</c>… when another type of the vendor (or its
    /// JSON class) differs only by case (hint names must be unique case-insensitively).
    /// </summary>
    public required string HintName { get; init; }
    public required string Origin { get; init; }
    public required TypeKind Kind { get; init; }

    /// <summary>Whether a missing required member is an error when reading (settings <c>strictRequired</c>).</summary>
    public bool StrictRequired { get; init; } = true;
    public string? Doc { get; init; }
    public EquatableArray<PropertySpec> Properties { get; init; } = EquatableArray<PropertySpec>.Empty;
    public EquatableArray<string> Interfaces { get; init; } = EquatableArray<string>.Empty;
    public string? TagMember { get; init; }
    public EquatableArray<VariantSpec> Variants { get; init; } = EquatableArray<VariantSpec>.Empty;
    public EquatableArray<EnumValueSpec> Values { get; init; } = EquatableArray<EnumValueSpec>.Empty;

    /// <summary>For tagged unions: the class that keeps unknown variants as raw JSON.</summary>
    public string? UnknownName { get; init; }
}

/// <summary>Everything known about one vendor document: its types and what went wrong.</summary>
internal sealed record VendorModel
{
    public required VendorSettings Settings { get; init; }
    public required string SpecPath { get; init; }
    public required EquatableArray<TypeSpec> Types { get; init; }

    /// <summary>Whether the document could not be read (PROTO001): it defines nothing, so mappings naming it are not checked.</summary>
    public bool Unreadable { get; init; }

    /// <summary>Schema name → the TypeRef it resolves to (for mappings).</summary>
    public required EquatableArray<SchemaEntry> Schemas { get; init; }
    public required EquatableArray<DiagnosticInfo> Diagnostics { get; init; }
}

/// <summary>A component schema name and what it became.</summary>
internal sealed record SchemaEntry(string SchemaName, TypeRef Type);
