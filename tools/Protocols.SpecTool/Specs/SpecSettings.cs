using System.Text.Json;

namespace Protocols.SpecTool.Specs;

/// <summary>
/// A vendor's <c>protocols.json</c>: <c>vendor</c>, <c>document</c>, <c>namespace</c>, <c>jsonClass</c>
/// and <c>roots</c> (the schemas whose <c>$ref</c> closure is generated). Only the fields the tool
/// needs are read.
/// </summary>
internal sealed record SpecSettings(string Path, string? Vendor, string? Document, IReadOnlyList<string> Roots)
{
    /// <summary>The settings file name looked for next to a spec.</summary>
    public const string FileName = "protocols.json";

    /// <summary>Reads a settings file.</summary>
    /// <exception cref="SpecToolException">Unreadable, invalid JSON, or <c>roots</c> is not an array of strings.</exception>
    public static SpecSettings Load(string path)
    {
        using var document = SpecDocument.Load(path);
        var root = document.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SpecToolException($"{path}: error: settings must be a JSON object");
        }

        var roots = new List<string>();
        if (root.TryGetProperty("roots", out var rootsElement))
        {
            if (rootsElement.ValueKind != JsonValueKind.Array || rootsElement.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                throw new SpecToolException($"{path}: error: 'roots' must be an array of schema names");
            }

            roots.AddRange(rootsElement.EnumerateArray().Select(r => r.GetString()!));
        }

        return new SpecSettings(path, StringOrNull(root, "vendor"), StringOrNull(root, "document"), roots);
    }

    /// <summary>The <c>protocols.json</c> next to a spec file, when there is one.</summary>
    public static string? FindNextTo(string specPath)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(specPath));
        var candidate = directory is null ? null : System.IO.Path.Combine(directory, FileName);
        return candidate is not null && File.Exists(candidate) ? candidate : null;
    }

    private static string? StringOrNull(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
