using System.Text.Encodings.Web;
using System.Text.Json;
using Protocols.SpecTool.Diff;
using Protocols.SpecTool.Schemas;

namespace Protocols.SpecTool.Output;

/// <summary>
/// The machine-readable diff report (<c>diff --json</c>). Shape (stable; new fields may be added):
/// <c>{ old, new, settings, roots, closure: {old, new}, missingRoots: {old, new}, hasBreaking,
/// summary: {total, breaking, needsHandling, additive}, changes: [{ kind, classification, needsHandling,
/// schema, path, pointer, direction, detail, before, after }] }</c>.
/// </summary>
internal static class DiffJson
{
    public static void Write(TextWriter output, SpecDiff diff, string oldPath, string newPath, string? settingsPath, IReadOnlyList<string>? roots)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("old", oldPath);
            json.WriteString("new", newPath);
            json.WriteString("settings", settingsPath);
            json.WriteStartArray("roots");
            foreach (var root in roots ?? [])
            {
                json.WriteStringValue(root);
            }

            json.WriteEndArray();
            json.WriteStartObject("closure");
            json.WriteNumber("old", diff.OldClosure.Schemas.Count);
            json.WriteNumber("new", diff.NewClosure.Schemas.Count);
            json.WriteEndObject();
            json.WriteStartObject("missingRoots");
            WriteStrings(json, "old", diff.OldClosure.MissingRoots);
            WriteStrings(json, "new", diff.NewClosure.MissingRoots);
            json.WriteEndObject();
            json.WriteBoolean("hasBreaking", diff.HasBreaking);
            json.WriteStartObject("summary");
            var breaking = diff.Changes.Count(c => c.Severity == Severity.Breaking);
            var handling = diff.Changes.Count(c => c.NeedsHandling);
            json.WriteNumber("total", diff.Changes.Count);
            json.WriteNumber("breaking", breaking);
            json.WriteNumber("needsHandling", handling);
            json.WriteNumber("additive", diff.Changes.Count - breaking - handling);
            json.WriteEndObject();
            json.WriteStartArray("changes");
            foreach (var change in diff.Changes)
            {
                json.WriteStartObject();
                json.WriteString("kind", change.KindName);
                json.WriteString("classification", change.Severity == Severity.Breaking ? "breaking" : "additive");
                json.WriteBoolean("needsHandling", change.NeedsHandling);
                json.WriteString("schema", change.Schema);
                json.WriteString("path", change.Path);
                json.WriteString("pointer", change.Pointer);
                json.WriteString("direction", change.Direction.Name());
                json.WriteString("detail", change.Detail);
                json.WriteString("before", change.Before);
                json.WriteString("after", change.After);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
