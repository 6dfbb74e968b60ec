using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Protocols.Testing;
using Xunit.Abstractions;

namespace Protocols.Generators.Tests;

/// <summary>
/// Robustness: every schema of each full vendor document as a root (not just our closure) generates
/// code that compiles with zero errors and zero warnings.
/// </summary>
public sealed class FullDocumentTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("anthropic", 400)]
    [InlineData("openai", 1300)]
    public void EverySchemaAsRoot_CompilesWithoutErrorsOrWarnings(string vendor, int minimumTypes)
    {
        var document = File.ReadAllText(Path.Combine(RepoPaths.SpecsDir, vendor, vendor + ".openapi.json"));
        var clock = Stopwatch.StartNew();
        var (result, compilation, generatorDiagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor(vendor, document, "*", ns: "Full." + vendor));
        var generateTime = clock.Elapsed;

        Assert.Empty(generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var sources = result.Results.Single().GeneratedSources;
        Assert.True(sources.Length >= minimumTypes, $"only {sources.Length} files generated");

        clock.Restart();
        var problems = GeneratorHarness.Errors(compilation);
        output.WriteLine($"{vendor}: {sources.Length} files generated in {generateTime.TotalMilliseconds:F0} ms, compiled in {clock.Elapsed.TotalMilliseconds:F0} ms; generator notes: " +
            string.Join(", ", generatorDiagnostics.GroupBy(d => d.Id).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20).Select(p => p.ToString())));
    }
}
