using System.Text;
using Protocols.SpecTool.Schemas;

namespace Protocols.SpecTool.Diff;

/// <summary>
/// Additive or breaking, as seen by a client of the generated DTOs and by the translation (which
/// both reads and writes each vendor's requests and responses). The README's table is this method.
/// </summary>
internal static class ChangeClassifier
{
    /// <summary>Classifies a change of <paramref name="kind"/> in a schema travelling in <paramref name="direction"/>.</summary>
    public static (Severity Severity, bool NeedsHandling) Classify(ChangeKind kind, Direction direction)
    {
        var request = direction.HasFlag(Direction.Request) || direction == Direction.None;
        var response = direction.HasFlag(Direction.Response) || direction == Direction.None;
        return kind switch
        {
            ChangeKind.SchemaAdded or ChangeKind.MemberAdded => (Severity.Additive, false),

            // Exhaustive switches (generated unions, extensible enums, the translation's mappings)
            // must learn the new case: additive for the wire, but flagged.
            ChangeKind.EnumValueAdded or ChangeKind.VariantAdded => (Severity.Additive, true),

            // Removals and type changes break code that uses the generated members; a required
            // member (new or newly required) must be supplied by whoever builds the object: the
            // client for requests, the translation for responses it produces.
            ChangeKind.SchemaRemoved or ChangeKind.MemberRemoved or ChangeKind.TypeChanged
                or ChangeKind.EnumValueRemoved or ChangeKind.VariantRemoved
                or ChangeKind.RequiredMemberAdded or ChangeKind.MadeRequired => (Severity.Breaking, false),

            // A reader that counted on a member's presence (or non-null value) now meets its absence.
            ChangeKind.MadeOptional or ChangeKind.NullableAdded => (response ? Severity.Breaking : Severity.Additive, false),

            // A writer that sent null now sends an invalid request.
            ChangeKind.NullableRemoved => (request ? Severity.Breaking : Severity.Additive, false),

            _ => (Severity.Breaking, false),
        };
    }

    /// <summary>Kebab-case name of a kind (<c>VariantAdded</c> → <c>variant-added</c>).</summary>
    public static string Name(ChangeKind kind)
    {
        var text = kind.ToString();
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
