namespace Protocols.SpecTool.Diff;

/// <summary>What changed between two versions of a schema (see the classification table in the README).</summary>
internal enum ChangeKind
{
    /// <summary>A schema entered the closure (new in the document, or newly reachable from the roots).</summary>
    SchemaAdded,

    /// <summary>A schema left the closure (removed from the document, or no longer reachable).</summary>
    SchemaRemoved,

    /// <summary>A new optional member.</summary>
    MemberAdded,

    /// <summary>A new member that is required.</summary>
    RequiredMemberAdded,

    /// <summary>A member disappeared.</summary>
    MemberRemoved,

    /// <summary>A different type, enum-ness, union-ness, <c>$ref</c> target or discriminator property.</summary>
    TypeChanged,

    /// <summary>A new enum value (including a changed <c>const</c> tag's new value).</summary>
    EnumValueAdded,

    /// <summary>An enum value disappeared.</summary>
    EnumValueRemoved,

    /// <summary>A new union variant (<c>oneOf</c>/<c>anyOf</c> member or discriminator mapping entry).</summary>
    VariantAdded,

    /// <summary>A union variant disappeared.</summary>
    VariantRemoved,

    /// <summary>An optional member became required.</summary>
    MadeRequired,

    /// <summary>A required member became optional.</summary>
    MadeOptional,

    /// <summary>A non-nullable schema or member became nullable.</summary>
    NullableAdded,

    /// <summary>A nullable schema or member became non-nullable.</summary>
    NullableRemoved,
}

/// <summary>How a change affects clients of the generated code and of the translation.</summary>
internal enum Severity
{
    /// <summary>Existing clients keep working.</summary>
    Additive,

    /// <summary>Existing clients can break (compile errors, rejected requests, unexpected nulls).</summary>
    Breaking,
}
