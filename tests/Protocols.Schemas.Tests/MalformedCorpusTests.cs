using System.Text.RegularExpressions;
using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>
/// tests/corpus/invalid/ (each payload must fail, with an error at the path its sidecar names) and
/// tests/corpus/unknown/ (realistic payloads outside the schemas; the README table gives each one's verdict).
/// </summary>
public sealed partial class MalformedCorpusTests
{
    public static TheoryData<CorpusFile> InvalidFiles() => CorpusFile.Rows(Corpus.InvalidCases().Select(c => c.RelativePath));

    public static TheoryData<CorpusFile> UnknownFiles() => CorpusFile.Rows(Corpus.UnknownCases());

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_is_rejected_at_the_expected_path(CorpusFile file)
    {
        var c = Corpus.InvalidCases().Single(x => x.RelativePath == file.RelativePath);
        var errors = SchemaValidator.ForVendor(c.Vendor).ValidateDetailed(c.SchemaName, c.ReadText());

        Assert.NotEmpty(errors);
        Assert.True(
            errors.Any(e => e.Path == c.ExpectedPath),
            $"{file}: expected an error at {c.ExpectedPath}, got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Fact]
    public void Invalid_folder_has_cases_and_every_sidecar_has_its_payload()
    {
        var dir = Path.Combine(RepoPaths.CorpusDir, "invalid");
        Assert.True(Corpus.InvalidCases().Count >= 20);
        foreach (var sidecar in Directory.GetFiles(dir, "*.expect.txt"))
        {
            var payload = sidecar[..^".expect.txt".Length] + ".json";
            Assert.True(File.Exists(payload), $"{Path.GetFileName(sidecar)} has no payload");
        }
    }

    [Theory]
    [MemberData(nameof(UnknownFiles))]
    public void Unknown_file_gets_the_verdict_its_readme_line_states(CorpusFile file)
    {
        var name = Path.GetFileName(file.RelativePath);
        var rows = ReadUnknownReadme();
        Assert.True(rows.TryGetValue(name, out var row), $"{file} has no line in unknown/README.md");

        var (vendor, schemaName) = (row.Schema.Split('/')[0], row.Schema.Split('/')[1]);
        var errors = SchemaValidator.ForVendor(vendor).Validate(schemaName, File.ReadAllText(Path.Combine(RepoPaths.CorpusDir, file.RelativePath)));
        if (row.Verdict == "valid")
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal("invalid", row.Verdict);
            Assert.NotEmpty(errors);
        }
    }

    [Fact]
    public void Unknown_readme_lists_only_existing_files()
    {
        var files = Corpus.UnknownCases().Select(Path.GetFileName).ToHashSet();
        Assert.All(ReadUnknownReadme().Keys, name => Assert.Contains(name, files));
        Assert.True(files.Count >= 6);
    }

    private static Dictionary<string, (string Schema, string Verdict)> ReadUnknownReadme()
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.CorpusDir, "unknown", "README.md")))
        {
            var match = RowPattern().Match(line);
            if (match.Success)
            {
                rows[match.Groups["file"].Value] = (match.Groups["schema"].Value, match.Groups["verdict"].Value);
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*(?<file>[\w.-]+\.json)\s*\|\s*(?<schema>\w+/\w+)\s*\|\s*(?<verdict>valid|invalid)\s*\|")]
    private static partial Regex RowPattern();
}
