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

    private static string Doc(string schemas) =>
        "{\n  \"openapi\": \"3.1.0\", \"info\": { \"title\": \"t\", \"version\": \"1\" }, \"paths\": {},\n  \"components\": { \"schemas\": {\n" + schemas + "\n  } }\n}";

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
    public void MalformedSpec_PROTO001Column_CountsCharactersNotBytes()
    {
        var doc = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": { \"title\": \"Café ☕ API\", oops }\n}";
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", doc, "A"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO001");
        var expected = doc.Split('\n')[2].IndexOf("oops", StringComparison.Ordinal); // 35; the UTF-8 byte offset is 38
        Assert.Equal(expected, d.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Contains($"column {expected + 1}", d.GetMessage(), StringComparison.Ordinal);
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
    public void PROTO003_IsLocatedAtTheSchemasKey_NotAtAnotherSchemasTitle()
    {
        var spec = Doc("""
                "BetaA": { "title": "A", "type": "object", "properties": { "x": { "type": "string" } } },
                "A": { "type": "object", "properties": { "b": { "not": { "type": "string" } } } }
            """);
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "A", ns: "M"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO003");
        var position = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(4, position.Line); // "A": { … }, not BetaA's "title": "A" on line 3
        Assert.Equal(spec.Split('\n')[4].IndexOf("\"A\"", StringComparison.Ordinal), position.Character);
    }

    [Fact]
    public void DanglingRef_IsPROTO007_NamingAndLocatingTheReferringMember()
    {
        var spec = Doc("""
                "A": { "type": "object", "properties": { "x": { "type": "string" } } },
                "B": { "type": "object", "properties": { "c": { "$ref": "#/components/schemas/Gone" } } }
            """);
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "A, B", ns: "M"));
        var d = Assert.Single(diagnostics, x => x.GetMessage().Contains("Gone", StringComparison.Ordinal));
        Assert.Equal("PROTO007", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'B.c'", d.GetMessage(), StringComparison.Ordinal);
        var position = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(4, position.Line);
        Assert.Equal(spec.Split('\n')[4].IndexOf("\"c\"", StringComparison.Ordinal), position.Character);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void SchemasDifferingOnlyByCase_AreBothEmitted_WithDistinctHintNames()
    {
        var spec = Doc("""
            "Foo": { "type": "object", "properties": { "x": { "type": "string" } } },
            "FOO": { "type": "object", "properties": { "y": { "type": "string" } } }
            """);
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "Foo, FOO", ns: "M"));
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "PROTO004");
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("v.Foo.g.cs", hints);
        Assert.Contains("v.FOO.2.g.cs", hints);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [InlineData("vjson", null)] // C# "Vjson" beside the JSON class "VJson": both exist, only the hint name changes
    [InlineData("VJson", "VJson2")] // the JSON class's own name: PROTO004, the schema is renamed
    public void SchemaNamedLikeTheJsonClass_DoesNotCrash(string schema, string? renamed)
    {
        var spec = Doc("\"" + schema + "\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"string\" } } }");
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("V", spec, schema, ns: "M"));
        Assert.Null(result.Results.Single().Exception);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("V.VJson.g.cs", hints); // the JSON class (vendor + "Json")
        if (renamed is null)
        {
            Assert.DoesNotContain(diagnostics, d => d.Id == "PROTO004");
            Assert.Contains("V.Vjson.2.g.cs", hints);
        }
        else
        {
            Assert.Contains("'" + renamed + "'", Assert.Single(diagnostics, d => d.Id == "PROTO004").GetMessage(), StringComparison.Ordinal);
            Assert.Contains("V." + renamed + ".g.cs", hints);
        }

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
