using Protocols.Testing;

namespace Protocols.Generators.Tests;

/// <summary>
/// The generated source for a small spec covering every construct, checked against baseline files.
/// Refresh with <c>UPDATE_BASELINES=1 dotnet test tests/Protocols.Generators.Tests</c>; a baseline
/// the generator no longer produces is stale and fails.
/// </summary>
public sealed class BaselineTests
{
    private static string BaselineDir(string name) => Path.Combine(RepoPaths.Root, "tests", "Protocols.Generators.Tests", "Baselines", name);

    private static string Spec(string file) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Protocols.Generators.Tests", "Specs", file));

    [Fact]
    public void Constructs_MatchBaselines()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("constructs", Spec("constructs.openapi.json"), "Root"));
        Assert.Empty(diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(GeneratorHarness.Errors(output));

        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString().Replace("\r\n", "\n"));
        Assert.DoesNotContain("constructs.Unused.g.cs", generated.Keys);
        var dir = BaselineDir("constructs");
        bool update = Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1";
        if (update)
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
            foreach (var (hint, text) in generated)
            {
                File.WriteAllText(Path.Combine(dir, hint), text);
            }

            return;
        }

        var baselines = Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Replace("\r\n", "\n"));
        var stale = baselines.Keys.Except(generated.Keys).ToList();
        var missing = generated.Keys.Except(baselines.Keys).ToList();
        Assert.True(stale.Count == 0, "Stale baselines (no longer generated): " + string.Join(", ", stale) + ". Run with UPDATE_BASELINES=1.");
        Assert.True(missing.Count == 0, "Generated files without a baseline: " + string.Join(", ", missing) + ". Run with UPDATE_BASELINES=1.");
        foreach (var (hint, text) in generated)
        {
            Assert.True(baselines[hint] == text, $"{hint} differs from its baseline. Run with UPDATE_BASELINES=1 and review the diff.");
        }
    }

    [Fact]
    public void Constructs_EveryKindOfTypeIsEmitted()
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Vendor("constructs", Spec("constructs.openapi.json"), "Root"));
        var sources = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        // Required-nullable is `required T?` and always written; optional is `T?` and written only when set.
        Assert.Contains("public required string? Stop { get; set; }", sources["constructs.Root.g.cs"]);
        Assert.Contains("public string? Note { get; set; }", sources["constructs.Root.g.cs"]);
        Assert.Contains("public double? Ratio { get; set; }", sources["constructs.Root.g.cs"]);
        Assert.Contains("/// <summary>The root object.</summary>", sources["constructs.Root.g.cs"]);

        // Tagged union with mapping + const tags; tag inferred from one-value enums without mapping; default variant.
        Assert.Contains("public partial interface IBlock", sources["constructs.IBlock.g.cs"]);
        Assert.Contains("case \"image\":", sources["constructs.IBlock.g.cs"]);
        Assert.Contains("class UnknownBlock", sources["constructs.IBlock.g.cs"]);
        Assert.Contains("case \"a\":", sources["constructs.IChoice.g.cs"]);
        Assert.Contains("case null:", sources["constructs.IRootToolsItem.g.cs"]);

        // Shape union string | array, extensible enums from enum and from anyOf [string, const…].
        Assert.Contains("public static RootContent FromString(string value)", sources["constructs.RootContent.g.cs"]);
        Assert.Contains("public readonly partial struct Kind", sources["constructs.Kind.g.cs"]);
        Assert.Contains("public static ModelId ModelOne { get; }", sources["constructs.ModelId.g.cs"]);

        // allOf flattened, map, free-form, inline object, recursion.
        Assert.Contains("public required string Base { get; set; }", sources["constructs.Composed.g.cs"]);
        Assert.Contains("Dictionary<string, string>? Labels", sources["constructs.Root.g.cs"]);
        Assert.Contains("JsonElement? Extra", sources["constructs.Root.g.cs"]);
        Assert.Contains("RootInline? Inline", sources["constructs.Root.g.cs"]);
        Assert.Contains("List<global::Test.Models.Node>? Children", sources["constructs.Node.g.cs"]);
    }
}
