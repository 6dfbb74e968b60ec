using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>The schema-valid corpus: every file validates against the schema its folder names.</summary>
public sealed class CorpusTests
{
    /// <summary>The schemas the corpus must cover with at least one file each.</summary>
    public static TheoryData<string, string> RequiredSchemas => new()
    {
        { "anthropic", "Message" },
        { "anthropic", "MessageStreamEvent" },
        { "anthropic", "CreateMessageParams" },
        { "anthropic", "ErrorResponse" },
        { "anthropic", "CountMessageTokensParams" },
        { "anthropic", "CountMessageTokensResponse" },
        { "anthropic", "ListResponse_ModelInfo_" },
        { "anthropic", "ModelInfo" },
        { "openai", "CreateChatCompletionRequest" },
        { "openai", "CreateChatCompletionResponse" },
        { "openai", "CreateChatCompletionStreamResponse" },
        { "openai", "ErrorResponse" },
        { "openai", "ListModelsResponse" },
        { "openai", "Model" },
    };

    /// <summary>One row per corpus file; the row is the path under tests/corpus/, so test names show the file.</summary>
    public static TheoryData<CorpusFile> ValidFiles() => CorpusFile.Rows(Corpus.ValidCases().Select(c => c.RelativePath));

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void File_validates_against_its_schema(CorpusFile file)
    {
        var c = new CorpusCase(file.RelativePath);
        SchemaValidator.ForVendor(c.Vendor).AssertValid(c.SchemaName, c.ReadText());
    }

    [Fact]
    public void Corpus_folders_name_real_schemas_and_contain_only_json()
    {
        foreach (var vendor in Corpus.Vendors)
        {
            var spec = VendorSpec.ForVendor(vendor);
            foreach (var dir in Directory.GetDirectories(Path.Combine(RepoPaths.CorpusDir, vendor)))
            {
                var name = Path.GetFileName(dir);
                Assert.True(spec.HasSchema(name), $"corpus/{vendor}/{name}: the {vendor} document has no schema '{name}'.");
                var strays = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".json", StringComparison.Ordinal));
                Assert.Empty(strays);
                Assert.Empty(Directory.GetDirectories(dir));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RequiredSchemas))]
    public void Required_schema_has_corpus_files(string vendor, string schemaName)
    {
        Assert.NotEmpty(Corpus.ValidCases(vendor, schemaName));
    }

    [Fact]
    public void Corpus_files_are_canonical_json_text()
    {
        // Two-space indentation and a final newline (.editorconfig), UTF-8 without BOM: keeps diffs reviewable.
        foreach (var c in Corpus.ValidCases())
        {
            var bytes = File.ReadAllBytes(c.FullPath);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{c}: has a BOM");
            Assert.True(bytes[^1] == (byte)'\n', $"{c}: no final newline");
            Assert.DoesNotContain("\t", c.ReadText(), StringComparison.Ordinal);
        }
    }
}
