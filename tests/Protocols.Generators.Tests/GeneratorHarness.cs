using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Protocols.Generators.Tests;

/// <summary>Runs the generator in-process over in-memory AdditionalFiles and compiles what it emits.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = paths.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(Protocols.Core.JsonModel).Assembly.Location));
        return [.. refs];
    });

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Generated",
        sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Preview))),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IEnumerable<(string Path, string Text, string Role)> files, bool trackSteps = true) =>
        Driver(files.Select(f => ((AdditionalText)new InMemoryText(f.Path, f.Text), f.Role)).ToList(), trackSteps);

    public static GeneratorDriver Driver(IReadOnlyList<(AdditionalText Text, string Role)> files, bool trackSteps = true)
    {
        var texts = files.Select(f => f.Text).ToImmutableArray();
        var roles = files.ToDictionary(f => f.Text.Path, f => f.Role);
        return CSharpGeneratorDriver.Create(
            [new ProtocolsGenerator().AsSourceGenerator()],
            texts,
            new CSharpParseOptions(LanguageVersion.Preview),
            new RoleOptionsProvider(roles),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Run(
        IEnumerable<(string Path, string Text, string Role)> files, params string[] sources)
    {
        var driver = Driver(files).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>Settings plus document for a small spec in the test's Specs folder.</summary>
    public static IEnumerable<(string Path, string Text, string Role)> Vendor(string name, string document, string roots, string ns = "Test.Models", string role = "Generate", bool strict = true)
    {
        var rootsJson = roots == "*" ? "\"*\"" : "[" + string.Join(",", roots.Split(',').Select(r => "\"" + r.Trim() + "\"")) + "]";
        var settings = $$"""{ "vendor": "{{name}}", "document": "{{name}}.openapi.json", "namespace": "{{ns}}", "roots": {{rootsJson}}, "strictRequired": {{(strict ? "true" : "false")}} }""";
        yield return ($"/specs/{name}/protocols.json", settings, role);
        yield return ($"/specs/{name}/{name}.openapi.json", document, role);
    }

    public static IReadOnlyList<Diagnostic> Errors(Compilation c) =>
        c.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class RoleOptionsProvider(Dictionary<string, string> roles) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(null);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(roles.TryGetValue(textFile.Path, out var r) ? r : null);

        private sealed class Options(string? role) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = key == "build_metadata.AdditionalFiles.ProtocolsRole" ? role : null;
                return value is not null;
            }
        }
    }
}
