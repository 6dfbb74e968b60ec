using Protocols.SpecTool.Schemas;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Diff;

/// <summary>Compares schema nodes of two documents and records <see cref="SpecChange"/>s.</summary>
internal sealed class SchemaDiffer(SpecDocument oldDocument, SpecDocument newDocument)
{
    private readonly List<SpecChange> _changes = [];

    /// <summary>The changes recorded so far.</summary>
    public IReadOnlyList<SpecChange> Changes => _changes;

    /// <summary>Compares one named schema of the closures' union.</summary>
    public void CompareNamed(string name, bool inOldClosure, bool inNewClosure, Direction direction)
    {
        var scope = new Scope(name, name, direction);
        if (inOldClosure && !inNewClosure)
        {
            var detail = newDocument.HasSchema(name)
                ? "schema no longer reachable from the roots (still in the document)"
                : "schema removed";
            Report(ChangeKind.SchemaRemoved, scope, JsonPointer.ForSchema(name), detail, name, null);
        }
        else if (!inOldClosure && inNewClosure)
        {
            var detail = oldDocument.HasSchema(name)
                ? "schema now reachable from the roots (it existed before)"
                : "new schema";
            Report(ChangeKind.SchemaAdded, scope, JsonPointer.ForSchema(name), detail, null, name);
        }
        else
        {
            Compare(
                SchemaNode.Named(oldDocument.Schemas[name], name),
                SchemaNode.Named(newDocument.Schemas[name], name),
                scope);
        }
    }

    private void Compare(SchemaNode oldNode, SchemaNode newNode, Scope scope)
    {
        var before = SchemaView.Of(oldNode);
        var after = SchemaView.Of(newNode);

        if (before.Nullable != after.Nullable)
        {
            Report(
                after.Nullable ? ChangeKind.NullableAdded : ChangeKind.NullableRemoved,
                scope,
                newNode.Pointer,
                after.Nullable ? "now nullable" : "no longer nullable",
                before.Nullable ? "nullable" : "non-nullable",
                after.Nullable ? "nullable" : "non-nullable");
        }

        // A reference is compared by name only: the referenced schema is compared on its own.
        if (before.Ref is not null || after.Ref is not null)
        {
            if (before.Ref != after.Ref)
            {
                TypeChanged(before, after, scope);
            }

            return;
        }

        if (before.IsUnion != after.IsUnion
            || (!before.IsUnion && !before.Types.SequenceEqual(after.Types, StringComparer.Ordinal))
            || (before.EnumValues is null) != (after.EnumValues is null))
        {
            TypeChanged(before, after, scope);
            return;
        }

        if (before.EnumValues is not null && after.EnumValues is not null)
        {
            CompareEnums(before, after, scope);
        }

        if (before.IsUnion)
        {
            CompareVariants(before, after, scope);
        }

        if (before.HasMembers || after.HasMembers)
        {
            CompareMembers(before.Node, after.Node, scope);
        }

        if (before.Items is { } oldItems && after.Items is { } newItems)
        {
            Compare(oldItems, newItems, scope.Child("[]"));
        }

        if (before.AdditionalProperties is { } oldValues && after.AdditionalProperties is { } newValues)
        {
            Compare(oldValues, newValues, scope.Child("{}"));
        }
    }

    private void TypeChanged(SchemaView before, SchemaView after, Scope scope)
    {
        var (oldType, newType) = (before.Describe(), after.Describe());
        Report(ChangeKind.TypeChanged, scope, after.Node.Pointer, $"type changed: {oldType} -> {newType}", oldType, newType);
    }

    private void CompareEnums(SchemaView before, SchemaView after, Scope scope)
    {
        foreach (var value in after.EnumValues!.Except(before.EnumValues!, StringComparer.Ordinal))
        {
            Report(ChangeKind.EnumValueAdded, scope, after.Node.Pointer, $"new enum value {value}", null, value);
        }

        foreach (var value in before.EnumValues!.Except(after.EnumValues!, StringComparer.Ordinal))
        {
            Report(ChangeKind.EnumValueRemoved, scope, after.Node.Pointer, $"enum value {value} removed", value, null);
        }
    }

    private void CompareVariants(SchemaView before, SchemaView after, Scope scope)
    {
        var oldVariants = before.Variants.ToDictionary(v => v.Key, StringComparer.Ordinal);
        var newVariants = after.Variants.ToDictionary(v => v.Key, StringComparer.Ordinal);
        var keyword = after.UnionKeyword ?? before.UnionKeyword;

        foreach (var variant in after.Variants.Where(v => !oldVariants.ContainsKey(v.Key)))
        {
            var tag = TagOf(variant, after, newDocument);
            Report(ChangeKind.VariantAdded, scope.Child($".{keyword}[{variant.Key}]"), variant.Node.Pointer,
                $"new variant {variant.Key}{(tag is null ? "" : $" (tag \"{tag}\")")}", null, variant.Key);
        }

        foreach (var variant in before.Variants.Where(v => !newVariants.ContainsKey(v.Key)))
        {
            var tag = TagOf(variant, before, oldDocument);
            Report(ChangeKind.VariantRemoved, scope.Child($".{keyword}[{variant.Key}]"), variant.Node.Pointer,
                $"variant {variant.Key}{(tag is null ? "" : $" (tag \"{tag}\")")} removed", variant.Key, null);
        }

        foreach (var variant in after.Variants)
        {
            // Same key and inline: compare the shapes (named variants are compared on their own).
            if (oldVariants.TryGetValue(variant.Key, out var old) && variant.View.Ref is null && old.View.Ref is null)
            {
                Compare(old.Node, variant.Node, scope.Child($".{keyword}[{variant.Key}]"));
            }
        }

        if (before.DiscriminatorProperty is { } oldProperty && after.DiscriminatorProperty != oldProperty)
        {
            var newProperty = after.DiscriminatorProperty ?? "(none)";
            Report(ChangeKind.TypeChanged, scope.Child(".discriminator"), after.Node.Pointer,
                $"discriminator property changed: {oldProperty} -> {newProperty}", oldProperty, newProperty);
        }

        CompareMappings(before, after, oldVariants, newVariants, scope);
    }

    /// <summary>
    /// Mapping entries are reported only where the variant lists do not already tell the story: a tag
    /// that now maps to an existing variant, a tag dropped while its variant stays, a tag retargeted.
    /// </summary>
    private void CompareMappings(SchemaView before, SchemaView after, Dictionary<string, Variant> oldVariants, Dictionary<string, Variant> newVariants, Scope scope)
    {
        foreach (var (tag, target) in after.Mapping)
        {
            var path = scope.Child($".discriminator[{tag}]");
            if (!before.Mapping.TryGetValue(tag, out var oldTarget))
            {
                if (oldVariants.ContainsKey(target) || !newVariants.ContainsKey(target))
                {
                    Report(ChangeKind.VariantAdded, path, after.Node.Pointer, $"new discriminator tag \"{tag}\" -> {target}", null, tag);
                }
            }
            else if (oldTarget != target && !(newVariants.ContainsKey(target) && !oldVariants.ContainsKey(target) && oldVariants.ContainsKey(oldTarget) && !newVariants.ContainsKey(oldTarget)))
            {
                Report(ChangeKind.TypeChanged, path, after.Node.Pointer, $"discriminator tag \"{tag}\" now maps to {target} (was {oldTarget})", oldTarget, target);
            }
        }

        foreach (var (tag, target) in before.Mapping)
        {
            if (!after.Mapping.ContainsKey(tag) && (newVariants.ContainsKey(target) || !oldVariants.ContainsKey(target)))
            {
                Report(ChangeKind.VariantRemoved, scope.Child($".discriminator[{tag}]"), before.Node.Pointer, $"discriminator tag \"{tag}\" removed (was {target})", tag, null);
            }
        }
    }

    private void CompareMembers(SchemaNode oldNode, SchemaNode newNode, Scope scope)
    {
        var before = MemberSet.Collect(oldNode, oldDocument);
        var after = MemberSet.Collect(newNode, newDocument);

        foreach (var member in after.Members)
        {
            var old = before.Find(member.Name);
            var path = scope.Child("." + member.Name);
            if (old is null)
            {
                // Declared by a base that both versions compose: reported at the base.
                if (member.Origin.Length > 0 && before.Bases.Contains(member.Origin))
                {
                    continue;
                }

                var required = after.IsRequired(member.Name);
                var type = SchemaView.Of(member.Node).Describe();
                Report(required ? ChangeKind.RequiredMemberAdded : ChangeKind.MemberAdded, path, member.Node.Pointer,
                    $"new {(required ? "required" : "optional")} member '{member.Name}' ({type})", null, type);
                continue;
            }

            var inherited = old.Origin.Length > 0 && old.Origin == member.Origin;
            var (wasRequired, isRequired) = (before.IsRequired(member.Name), after.IsRequired(member.Name));
            var baseChanged = inherited && before.IsRequiredBy(member.Name, old.Origin) != after.IsRequiredBy(member.Name, member.Origin);
            if (wasRequired != isRequired && !baseChanged)
            {
                Report(isRequired ? ChangeKind.MadeRequired : ChangeKind.MadeOptional, path, member.Node.Pointer,
                    isRequired ? $"member '{member.Name}' is now required" : $"member '{member.Name}' is now optional",
                    wasRequired ? "required" : "optional", isRequired ? "required" : "optional");
            }

            if (!inherited)
            {
                Compare(old.Node, member.Node, path);
            }
        }

        foreach (var member in before.Members)
        {
            if (after.Find(member.Name) is null && !(member.Origin.Length > 0 && after.Bases.Contains(member.Origin)))
            {
                var type = SchemaView.Of(member.Node).Describe();
                Report(ChangeKind.MemberRemoved, scope.Child("." + member.Name), member.Node.Pointer,
                    $"member '{member.Name}' ({type}) removed", type, null);
            }
        }
    }

    /// <summary>The tag of a variant: its mapping key, else the one value of its discriminator (or <c>type</c>) property.</summary>
    private static string? TagOf(Variant variant, SchemaView union, SpecDocument document)
    {
        foreach (var (tag, target) in union.Mapping)
        {
            if (target == variant.Key)
            {
                return tag;
            }
        }

        var schema = variant.View.Ref is { } name && document.Schemas.TryGetValue(name, out var named) ? SchemaNode.Named(named, name) : variant.View.Node;
        var property = union.DiscriminatorProperty ?? "type";
        return MemberSet.Collect(schema, document).Find(property) is { } member ? SchemaView.Of(member.Node).SingleValue : null;
    }

    private void Report(ChangeKind kind, Scope scope, string pointer, string detail, string? before, string? after)
    {
        var (severity, needsHandling) = ChangeClassifier.Classify(kind, scope.Direction);
        _changes.Add(new SpecChange(kind, severity, needsHandling, scope.Schema, scope.Path, pointer, scope.Direction, detail, before, after));
    }

    private readonly record struct Scope(string Schema, string Path, Direction Direction)
    {
        public Scope Child(string suffix) => this with { Path = Path + suffix };
    }
}
