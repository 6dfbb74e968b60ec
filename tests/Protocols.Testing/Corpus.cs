using System.Text.Json.Nodes;

namespace Protocols.Testing;

/// <summary>
/// A schema-valid payload of <c>tests/corpus/&lt;vendor&gt;/&lt;SchemaName&gt;/&lt;case&gt;.json</c>.
/// </summary>
/// <param name="RelativePath">The path under <c>tests/corpus/</c> with forward slashes, e.g. <c>anthropic/Message/text-plain.json</c>.</param>
public sealed record CorpusCase(string RelativePath)
{
    /// <summary>The vendor folder (<c>anthropic</c> or <c>openai</c>).</summary>
    public string Vendor => RelativePath.Split('/')[0];

    /// <summary>The <c>components.schemas</c> name the payload must validate against (the second folder).</summary>
    public string SchemaName => RelativePath.Split('/')[1];

    /// <summary>The case name: the file name without <c>.json</c>.</summary>
    public string Name => Path.GetFileNameWithoutExtension(RelativePath);

    /// <summary>The absolute path of the file.</summary>
    public string FullPath => Path.Combine(RepoPaths.CorpusDir, RelativePath);

    /// <summary>The file's text.</summary>
    /// <returns>The JSON text.</returns>
    public string ReadText() => File.ReadAllText(FullPath);

    /// <summary>The file parsed as a JSON node.</summary>
    /// <returns>The payload.</returns>
    public JsonNode? ReadNode() => JsonNode.Parse(ReadText());

    /// <summary>The relative path, which is what test display names show.</summary>
    /// <returns><see cref="RelativePath"/>.</returns>
    public override string ToString() => RelativePath;
}

/// <summary>
/// A malformed payload of <c>tests/corpus/invalid/</c> with its expectation: <c>&lt;case&gt;.json</c> plus
/// <c>&lt;case&gt;.expect.txt</c>, whose first line is <c>vendor/SchemaName</c> and second line the JSONPath an
/// error must be reported at.
/// </summary>
/// <param name="RelativePath">The payload's path under <c>tests/corpus/</c>, e.g. <c>invalid/message-missing-id.json</c>.</param>
/// <param name="Vendor">The vendor of the schema.</param>
/// <param name="SchemaName">The schema the payload must fail against.</param>
/// <param name="ExpectedPath">The JSONPath of the expected error, e.g. <c>$.id</c>.</param>
public sealed record InvalidCorpusCase(string RelativePath, string Vendor, string SchemaName, string ExpectedPath)
{
    /// <summary>The absolute path of the payload.</summary>
    public string FullPath => Path.Combine(RepoPaths.CorpusDir, RelativePath);

    /// <summary>The payload's text.</summary>
    /// <returns>The JSON text.</returns>
    public string ReadText() => File.ReadAllText(FullPath);

    /// <summary>The relative path, which is what test display names show.</summary>
    /// <returns><see cref="RelativePath"/>.</returns>
    public override string ToString() => RelativePath;
}

/// <summary>Enumerates the payload corpus under <c>tests/corpus/</c>.</summary>
public static class Corpus
{
    /// <summary>The folders holding schema-valid payloads, one per vendor.</summary>
    public static IReadOnlyList<string> Vendors { get; } = ["anthropic", "openai"];

    /// <summary>Every schema-valid case, sorted by path.</summary>
    /// <param name="vendor">Only this vendor's cases, or all when <see langword="null"/>.</param>
    /// <returns>The cases.</returns>
    public static IReadOnlyList<CorpusCase> ValidCases(string? vendor = null) =>
        [.. Vendors
            .Where(v => vendor is null || string.Equals(v, vendor, StringComparison.OrdinalIgnoreCase))
            .SelectMany(v => JsonFiles(Path.Combine(RepoPaths.CorpusDir, v)))
            .Select(p => new CorpusCase(Relative(p)))
            .Where(c => c.RelativePath.Count(ch => ch == '/') == 2)
            .OrderBy(c => c.RelativePath, StringComparer.Ordinal)];

    /// <summary>The schema-valid cases of one schema.</summary>
    /// <param name="vendor">The vendor folder.</param>
    /// <param name="schemaName">The schema folder.</param>
    /// <returns>The cases, sorted by path.</returns>
    public static IReadOnlyList<CorpusCase> ValidCases(string vendor, string schemaName) =>
        [.. ValidCases(vendor).Where(c => c.SchemaName == schemaName)];

    /// <summary>Every malformed case of <c>invalid/</c> with its sidecar expectation.</summary>
    /// <returns>The cases, sorted by path.</returns>
    /// <exception cref="InvalidDataException">A payload has no sidecar, or a sidecar is malformed.</exception>
    public static IReadOnlyList<InvalidCorpusCase> InvalidCases()
    {
        var result = new List<InvalidCorpusCase>();
        foreach (var file in JsonFiles(Path.Combine(RepoPaths.CorpusDir, "invalid")))
        {
            var sidecar = Path.ChangeExtension(file, ".expect.txt");
            if (!File.Exists(sidecar))
            {
                throw new InvalidDataException($"{Relative(file)} has no sidecar {Path.GetFileName(sidecar)}.");
            }

            var lines = File.ReadAllLines(sidecar).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            var schema = lines.ElementAtOrDefault(0)?.Split('/');
            if (lines.Length < 2 || schema is not { Length: 2 } || !lines[1].StartsWith('$'))
            {
                throw new InvalidDataException(
                    $"{Relative(sidecar)} must hold 'vendor/SchemaName' on line 1 and a JSONPath starting with '$' on line 2.");
            }

            result.Add(new InvalidCorpusCase(Relative(file), schema[0], schema[1], lines[1]));
        }

        return [.. result.OrderBy(c => c.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>The payloads of <c>unknown/</c>: realistic but deliberately outside the vendor schemas.</summary>
    /// <returns>Paths under <c>tests/corpus/</c>, sorted.</returns>
    public static IReadOnlyList<string> UnknownCases() =>
        [.. JsonFiles(Path.Combine(RepoPaths.CorpusDir, "unknown")).Select(Relative).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> JsonFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            : [];

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.CorpusDir, path).Replace('\\', '/');
}
