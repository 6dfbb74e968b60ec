using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Protocols.Testing;
using StepNames = Protocols.Generators.ProtocolsGenerator.StepNames;

namespace Protocols.Generators.Tests;

/// <summary>The pipeline caches: unrelated edits cost nothing; a schema edit re-emits only what depends on it.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps = [StepNames.Files, StepNames.Settings, StepNames.Vendors, StepNames.Types, StepNames.JsonClasses];

    private static string Spec() => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Protocols.Generators.Tests", "Specs", "constructs.openapi.json"));

    [Fact]
    public void UnrelatedCSharpEdit_LeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.Compilation("namespace User; public class A { }");
        var driver = GeneratorHarness.Driver(GeneratorHarness.Vendor("constructs", Spec(), "Root")).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User; public class B { public int X; }", new CSharpParseOptions(LanguageVersion.Preview)));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "missing tracked step " + step);
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
                }
            }
        }
    }

    [Fact]
    public void EditingOneSchema_ReEmitsOnlyThatType()
    {
        var original = Spec();
        var files = GeneratorHarness.Vendor("constructs", original, "Root")
            .Select(f => ((AdditionalText)new GeneratorHarness.InMemoryText(f.Path, f.Text), f.Role)).ToList();
        var compilation = GeneratorHarness.Compilation("namespace User; public class A { }");
        var driver = GeneratorHarness.Driver(files).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var edited = original.Replace("\"Where the image is.\"", "\"Where the image lives.\"", StringComparison.Ordinal);
        Assert.NotEqual(original, edited);
        driver = driver.ReplaceAdditionalText(files[1].Item1, new GeneratorHarness.InMemoryText(files[1].Item1.Path, edited)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var typeOutputs = result.TrackedSteps[StepNames.Types].SelectMany(r => r.Outputs).ToList();
        var modified = typeOutputs.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).ToList();
        Assert.Single(modified);
        Assert.All(typeOutputs.Except(modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));

        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var changed = after.Where(p => before[p.Key] != p.Value).Select(p => p.Key).ToList();
        Assert.Equal(["constructs.ImageBlock.g.cs"], changed);
    }

    [Fact]
    public void NoStepOutputHoldsCompilationSymbolsOrSyntax()
    {
        var compilation = GeneratorHarness.Compilation("namespace User; public class A { }");
        var files = GeneratorHarness.Vendor("constructs", Spec(), "Root").Concat([("/specs/mappings.json", """{ "mappings": [] }""", "Mappings")]);
        var result = GeneratorHarness.Driver(files).RunGenerators(compilation).GetRunResult().Results.Single();
        // Only our steps: Roslyn also tracks its own inputs (Compilation, AnalyzerConfigOptions …).
        foreach (var (name, runs) in result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key) || s.Key == StepNames.Mappings))
        {
            foreach (var run in runs)
            {
                foreach (var (value, _) in run.Outputs)
                {
                    AssertNoForbidden(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
                }
            }
        }
    }

    private static void AssertNoForbidden(object? value, string step, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 12 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel, $"step {step} holds a {value.GetType().Name}");
        Assert.False(value is System.Text.Json.JsonElement or System.Text.Json.JsonDocument, $"step {step} holds JSON");
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoForbidden(item, step, seen, depth + 1);
            }

            return;
        }

        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length == 0)
            {
                AssertNoForbidden(p.GetValue(value), step, seen, depth + 1);
            }
        }
    }
}
