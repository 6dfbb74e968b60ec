using Protocols.SpecTool.Schemas;

namespace Protocols.SpecTool.Diff;

/// <summary>One reported change.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Severity">Additive or breaking (<see cref="ChangeClassifier"/>).</param>
/// <param name="NeedsHandling">An additive change exhaustive mappings must handle (new enum value, new variant).</param>
/// <param name="Schema">The component schema the change is in.</param>
/// <param name="Path">Readable location: <c>Schema.member.sub</c>, <c>[]</c> for array items, <c>{}</c> for map values, <c>.oneOf[key]</c> for a variant.</param>
/// <param name="Pointer">JSON Pointer of the changed node in the new document (the old one for removals).</param>
/// <param name="Direction">Request, response or both: the direction the classification used.</param>
/// <param name="Detail">Human-readable description.</param>
/// <param name="Before">The old value (type, enum value, variant...), when meaningful.</param>
/// <param name="After">The new value, when meaningful.</param>
internal sealed record SpecChange(
    ChangeKind Kind,
    Severity Severity,
    bool NeedsHandling,
    string Schema,
    string Path,
    string Pointer,
    Direction Direction,
    string Detail,
    string? Before,
    string? After)
{
    /// <summary>The change kind in the JSON report and in text output (<c>variant-added</c>).</summary>
    public string KindName => ChangeClassifier.Name(Kind);
}
