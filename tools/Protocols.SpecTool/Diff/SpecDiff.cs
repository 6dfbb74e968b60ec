using Protocols.SpecTool.Schemas;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Diff;

/// <summary>
/// The changes between two versions of a document within the roots' closure: the closure is computed
/// in both documents and their union is compared, schema by schema. <c>$ref</c>s are compared by name
/// (a named schema is compared once, on its own); inline schemas are compared recursively and reported
/// by path.
/// </summary>
internal sealed class SpecDiff
{
    private SpecDiff(SchemaClosure oldClosure, SchemaClosure newClosure, IReadOnlyList<SpecChange> changes)
    {
        OldClosure = oldClosure;
        NewClosure = newClosure;
        Changes = changes;
    }

    /// <summary>The closure in the old document.</summary>
    public SchemaClosure OldClosure { get; }

    /// <summary>The closure in the new document.</summary>
    public SchemaClosure NewClosure { get; }

    /// <summary>All changes, breaking first, then needing handling, then additive; by path within each group.</summary>
    public IReadOnlyList<SpecChange> Changes { get; }

    /// <summary>Whether any change is breaking.</summary>
    public bool HasBreaking => Changes.Any(c => c.Severity == Severity.Breaking);

    /// <summary>Compares <paramref name="oldDocument"/> with <paramref name="newDocument"/> within the closure of <paramref name="roots"/> (every schema when null).</summary>
    public static SpecDiff Compute(SpecDocument oldDocument, SpecDocument newDocument, IReadOnlyList<string>? roots)
    {
        var oldClosure = SchemaClosure.Compute(oldDocument, roots);
        var newClosure = SchemaClosure.Compute(newDocument, roots);
        var differ = new SchemaDiffer(oldDocument, newDocument);
        foreach (var name in oldClosure.Schemas.Keys.Union(newClosure.Schemas.Keys).Order(StringComparer.Ordinal))
        {
            var inOld = oldClosure.Schemas.TryGetValue(name, out var oldDirection);
            var inNew = newClosure.Schemas.TryGetValue(name, out var newDirection);
            differ.CompareNamed(name, inOld, inNew, oldDirection | newDirection);
        }

        var changes = differ.Changes
            .OrderBy(c => c.Severity == Severity.Breaking ? 0 : c.NeedsHandling ? 1 : 2)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.After ?? c.Before, StringComparer.Ordinal)
            .ToList();
        return new SpecDiff(oldClosure, newClosure, changes);
    }
}
