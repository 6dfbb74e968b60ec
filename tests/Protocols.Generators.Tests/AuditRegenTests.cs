using Microsoft.CodeAnalysis;

namespace Protocols.Generators.Tests;

/// <summary>Audit: realistic vendor spec changes run through the generator (each test documents a confirmed problem).</summary>
public sealed class AuditRegenTests
{
    private static string Doc(string schemas) =>
        "{\n  \"openapi\": \"3.1.0\", \"info\": { \"title\": \"t\", \"version\": \"1\" }, \"paths\": {},\n  \"components\": { \"schemas\": {\n" + schemas + "\n  } }\n}";

    private const string UnionSpec = """
        {
          "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {},
          "components": { "schemas": {
            "Src": { "type": "object", "required": ["block"], "properties": { "block": { "$ref": "#/components/schemas/Block" } } },
            "Block": { "oneOf": [ { "$ref": "#/components/schemas/TextBlock" }, { "$ref": "#/components/schemas/ImageBlock" }, { "$ref": "#/components/schemas/VideoBlock" } ], "discriminator": { "propertyName": "type" } },
            "TextBlock": { "type": "object", "required": ["type"], "properties": { "type": { "const": "text" }, "text": { "type": "string" } } },
            "ImageBlock": { "type": "object", "required": ["type"], "properties": { "type": { "const": "image" } } },
            "VideoBlock": { "type": "object", "required": ["type"], "properties": { "type": VIDEO_TAG } }
          } }
        }
        """;

    /// <summary>Two schemas whose C# names differ only by case ("Foo", "FOO") crash the generator: Roslyn hint names are case-insensitive.</summary>
    [Fact]
    public void AuditRegen_SchemasDifferingOnlyByCase_DoNotCrashTheGenerator()
    {
        var spec = Doc("""
            "Foo": { "type": "object", "properties": { "x": { "type": "string" } } },
            "FOO": { "type": "object", "properties": { "y": { "type": "string" } } }
            """);
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "Foo, FOO", ns: "M"));
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");
        Assert.Equal(2, result.Results.Single().GeneratedSources.Count(s => s.HintName.StartsWith("v.F", StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    /// <summary>
    /// A union with a declared discriminator whose new variant has no const tag (or repeats a tag) silently stops being a
    /// tagged union: IBlock/UnknownBlock vanish, every handler is renamed, the object variants cannot be told apart
    /// (all require only "type"), and no diagnostic says why.
    /// </summary>
    [Theory]
    [InlineData("{ \"type\": \"string\" }")]
    [InlineData("{ \"const\": \"image\" }")]
    public void AuditRegen_UnionLosingItsTag_IsReported(string videoTag)
    {
        var spec = UnionSpec.Replace("VIDEO_TAG", videoTag, StringComparison.Ordinal);
        var (result, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "Src", ns: "M"));
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.True(
            hints.Contains("v.IBlock.g.cs") || diagnostics.Any(d => d.Id.StartsWith("PROTO", StringComparison.Ordinal) && d.GetMessage().Contains("Block", StringComparison.Ordinal)),
            "Block silently became an untagged shape union with indistinguishable object variants; generated: " + string.Join(", ", hints) + "; diagnostics: " + string.Join(" | ", diagnostics));
    }

    /// <summary>
    /// Diagnostics are located by the first "Name" string after "schemas": in the real Anthropic document every
    /// BetaX schema has "title": "X" before X itself (180 schemas), so PROTO003/PROTO004 point at the wrong schema.
    /// </summary>
    [Fact]
    public void AuditRegen_Proto003_IsLocatedAtTheSchemaNotAtAnotherSchemasTitle()
    {
        var spec = Doc("""
                "BetaA": { "title": "A", "type": "object", "properties": { "x": { "type": "string" } } },
                "A": { "type": "object", "properties": { "b": { "not": { "type": "string" } } } }
            """);
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "A", ns: "M"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO003");
        Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line); // line 5: "A": { … } — reported at line 4 (BetaA's title)
    }

    /// <summary>A $ref to a schema the document lacks is reported at (1,1), names only the missing schema, not who refers to it.</summary>
    [Fact]
    public void AuditRegen_DanglingRef_NamesAndLocatesTheReferringSchema()
    {
        var spec = Doc("""
                "A": { "type": "object", "properties": { "x": { "type": "string" } } },
                "B": { "type": "object", "properties": { "c": { "$ref": "#/components/schemas/Gone" } } }
            """);
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", spec, "A, B", ns: "M"));
        var d = Assert.Single(diagnostics, x => x.GetMessage().Contains("Gone", StringComparison.Ordinal));
        Assert.Contains("B.c", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>PROTO001's column counts UTF-8 bytes, not characters: wrong on any line with non-ASCII text.</summary>
    [Fact]
    public void AuditRegen_Proto001_ColumnCountsCharactersNotBytes()
    {
        var doc = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": { \"title\": \"Café ☕ API\", oops }\n}";
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Vendor("v", doc, "A"));
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO001");
        var expected = doc.Split('\n')[2].IndexOf("oops", StringComparison.Ordinal); // 35 (0-based); reported 38
        Assert.Equal(expected, d.Location.GetLineSpan().StartLinePosition.Character);
    }

    /// <summary>An unreadable spec (PROTO001) also yields PROTO010 "does not define" for every mapping schema: false claims that schemas were removed.</summary>
    [Fact]
    public void AuditRegen_UnreadableSpec_DoesNotClaimMappedSchemasWereRemoved()
    {
        var files = GeneratorHarness.Vendor("v", "{\n  \"openapi\": \"3.1.0\",\n  \"components\": { \"schemas\": { \"A\": { \"type\": \"object\", },\n  } }\n}", "A", ns: "M")
            .Append(("/specs/mappings.json", """{ "mappings": [ { "name": "X", "class": "C.Mapper", "method": "Map", "source": "v:A", "target": "v:A" } ] }""", "Mappings"));
        var (_, _, diagnostics) = GeneratorHarness.Run(files);
        Assert.Contains(diagnostics, d => d.Id == "PROTO001");
        Assert.DoesNotContain(diagnostics, d => d.Id == "PROTO010");
    }
}
