using Microsoft.CodeAnalysis;

namespace Protocols.Generators.Tests;

/// <summary>Spec and settings problems are named diagnostics at the spec file's location.</summary>
public sealed class DiagnosticTests
{
    private const string Minimal = """
        {
          "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {},
          "components": { "schemas": {
            "A": { "type": "object", "properties": { "b": { "type": "string" } } }
          } }
        }
        """;

    [Fact]
    public void MalformedSpec_IsPROTO001_WithLine()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", "{\n  \"openapi\": \"3.1.0\",\n  oops\n}", "A"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("/specs/v/v.openapi.json", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void UnknownRoot_IsPROTO002_NamingRootSettingsAndSpec()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", Minimal, "A, Missing"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO002");
        Assert.Contains("'Missing'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("protocols.json", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("v.openapi.json", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedConstruct_IsPROTO003_SayingWhatWasEmitted()
    {
        var spec = Minimal.Replace("\"b\": { \"type\": \"string\" }", "\"b\": { \"not\": { \"type\": \"string\" } }", StringComparison.Ordinal);
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "A"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO003");
        Assert.Contains("'not'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("emitted JsonElement", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line); // the component that holds the construct
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void NameCollision_IsPROTO004_AndBothTypesAreEmitted()
    {
        var spec = Minimal.Replace("\"A\": {", "\"Foo_Bar\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"string\" } } }, \"FooBar\": { \"type\": \"object\", \"properties\": { \"y\": { \"type\": \"string\" } } }, \"A\": {", StringComparison.Ordinal);
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "Foo_Bar, FooBar"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO004");
        Assert.Contains("FooBar2", d.GetMessage(), StringComparison.Ordinal);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("v.FooBar.g.cs", hints);
        Assert.Contains("v.FooBar2.g.cs", hints);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void InvalidSettings_IsPROTO005()
    {
        var files = new[] { ("/specs/v/protocols.json", """{ "vendor": "v" }""", "Generate") };
        var (_, _, diagnostics) = GeneratorHarness.Run(files);
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO005");
        Assert.Contains("'namespace'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJsonTextMembers_IsPROTO005()
    {
        var files = new[] { ("/specs/v/protocols.json", """{ "vendor": "v", "document": "v.openapi.json", "namespace": "N", "roots": [], "jsonTextMembers": ["arguments"] }""", "Generate") };
        var (_, _, diagnostics) = GeneratorHarness.Run(files);
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO005");
        Assert.Contains("'jsonTextMembers'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsNamingAMissingDocument_IsPROTO006()
    {
        var files = new[] { ("/specs/v/protocols.json", """{ "vendor": "v", "document": "gone.json", "namespace": "N", "roots": [] }""", "Generate") };
        var (_, _, diagnostics) = GeneratorHarness.Run(files);
        Assert.Single(diagnostics, x => x.Id == "PROTO006");
    }
}
