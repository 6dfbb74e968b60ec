using Microsoft.CodeAnalysis;

namespace Protocols.Generators.Tests;

/// <summary>Mapping stubs: a missing implementation or an unhandled new variant/value fails the build.</summary>
public sealed class MappingTests
{
    private const string Spec = """
        {
          "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {},
          "components": { "schemas": {
            "Src": { "type": "object", "required": ["block", "reason"], "properties": {
              "block": { "$ref": "#/components/schemas/Block" },
              "reason": { "$ref": "#/components/schemas/Reason" } } },
            "Dst": { "type": "object", "properties": { "text": { "type": "string" } } },
            "Block": { "oneOf": [ { "$ref": "#/components/schemas/TextBlock" }, { "$ref": "#/components/schemas/ImageBlock" } ], "discriminator": { "propertyName": "type" } },
            "TextBlock": { "type": "object", "required": ["type"], "properties": { "type": { "const": "text" }, "text": { "type": "string" } } },
            "ImageBlock": { "type": "object", "required": ["type"], "properties": { "type": { "const": "image" } } },
            "VideoBlock": { "type": "object", "required": ["type"], "properties": { "type": { "const": "video" } } },
            "Reason": { "type": "string", "enum": ["stop", "length"] }
          } }
        }
        """;

    private const string Mappings = """
        { "mappings": [ {
          "name": "SrcToDst", "class": "Mapped.Mapper", "method": "Map",
          "source": "v:Src", "target": "v:Dst", "context": "Mapped.Ctx",
          "handles": [ { "schema": "v:Block" }, { "schema": "v:Reason", "returns": "string" } ]
        } ] }
        """;

    private const string Implementation = """
        namespace Mapped;
        public sealed class Ctx { public string Text = ""; }
        public static partial class Mapper
        {
            public static partial global::M.Dst Map(global::M.Src source, Ctx context)
            {
                DispatchBlock(source.Block, context);
                return new global::M.Dst { Text = context.Text + DispatchReason(source.Reason, context) };
            }
            private static partial void HandleBlock(global::M.TextBlock value, Ctx context) => context.Text += value.Text;
            private static partial void HandleBlock(global::M.ImageBlock value, Ctx context) => context.Text += "[image]";
            private static partial void HandleBlock(global::M.UnknownBlock value, Ctx context) => context.Text += "?";
            private static partial string HandleReasonStop(Ctx context) => ".";
            private static partial string HandleReasonLength(Ctx context) => "…";
            private static partial string HandleReasonUnknown(global::M.Reason value, Ctx context) => value.Value;
        }
        """;

    private static IEnumerable<(string, string, string)> Files(string spec, string mappings) =>
        GeneratorHarness.Vendor("v", spec, "Src, Dst", ns: "M").Append(("/specs/mappings.json", mappings, "Mappings"));

    [Fact]
    public void CompleteImplementation_Compiles()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(Files(Spec, Mappings), Implementation);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void MissingStubImplementation_FailsTheBuild()
    {
        var (_, output, _) = GeneratorHarness.Run(Files(Spec, Mappings), "namespace Mapped; public sealed class Ctx { } public static partial class Mapper { }");
        var errors = GeneratorHarness.Errors(output);
        Assert.Contains(errors, e => e.Id == "CS8795" && e.GetMessage().Contains("Mapper.Map(", StringComparison.Ordinal));
    }

    [Fact]
    public void VendorAddsAVariant_UnhandledVariantFailsTheBuild()
    {
        var newSpec = Spec.Replace("{ \"$ref\": \"#/components/schemas/ImageBlock\" } ]", "{ \"$ref\": \"#/components/schemas/ImageBlock\" }, { \"$ref\": \"#/components/schemas/VideoBlock\" } ]", StringComparison.Ordinal);
        var (_, output, _) = GeneratorHarness.Run(Files(newSpec, Mappings), Implementation);
        var error = Assert.Single(GeneratorHarness.Errors(output));
        Assert.Equal("CS8795", error.Id);
        Assert.Contains("HandleBlock(VideoBlock, Ctx)", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void VendorAddsAnEnumValue_UnhandledValueFailsTheBuild()
    {
        var newSpec = Spec.Replace("[\"stop\", \"length\"]", "[\"stop\", \"length\", \"pause\"]", StringComparison.Ordinal);
        var (_, output, _) = GeneratorHarness.Run(Files(newSpec, Mappings), Implementation);
        var error = Assert.Single(GeneratorHarness.Errors(output));
        Assert.Contains("HandleReasonPause", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MappingNamingARemovedSchema_IsPROTO010_NamingMappingAndSpecFile()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(Files(Spec, Mappings.Replace("v:Dst", "v:Gone", StringComparison.Ordinal)), Implementation);
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO010");
        Assert.Contains("'SrcToDst'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("v:Gone", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("/specs/v/v.openapi.json", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/specs/mappings.json", d.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("{ \"type\": \"string\" }", "gives 'type' no const or enum value")]
    [InlineData("{ \"const\": \"image\" }", "repeats the tag 'image'")]
    public void VendorAddsAVariantWithoutItsOwnTag_IsPROTO008_AndTheUnionStaysTagged(string videoTag, string why)
    {
        var newSpec = Spec
            .Replace("{ \"$ref\": \"#/components/schemas/ImageBlock\" } ]", "{ \"$ref\": \"#/components/schemas/ImageBlock\" }, { \"$ref\": \"#/components/schemas/VideoBlock\" } ]", StringComparison.Ordinal)
            .Replace("\"type\": { \"const\": \"video\" }", "\"type\": " + videoTag, StringComparison.Ordinal);
        var (result, output, diagnostics) = GeneratorHarness.Run(Files(newSpec, Mappings), Implementation);
        var d = Assert.Single(diagnostics, x => x.Id == "PROTO008");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'Block'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'VideoBlock'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(why, d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(7, d.Location.GetLineSpan().StartLinePosition.Line); // "Block": { … }
        Assert.Contains("v.IBlock.g.cs", result.Results.Single().GeneratedSources.Select(s => s.HintName));
        Assert.Empty(GeneratorHarness.Errors(output)); // the hand-written handlers still fit: VideoBlock is read as UnknownBlock
    }

    [Fact]
    public void UnreadableSpec_IsPROTO001_WithoutClaimingMappedSchemasWereRemoved()
    {
        var files = GeneratorHarness.Vendor("v", "{\n  \"openapi\": \"3.1.0\",\n  \"components\": { \"schemas\": { \"A\": { \"type\": \"object\", },\n  } }\n}", "A", ns: "M")
            .Append(("/specs/mappings.json", """{ "mappings": [ { "name": "X", "class": "C.Mapper", "method": "Map", "source": "v:A", "target": "v:A" } ] }""", "Mappings"));
        var (_, _, diagnostics) = GeneratorHarness.Run(files);
        Assert.Contains(diagnostics, d => d.Id == "PROTO001");
        Assert.DoesNotContain(diagnostics, d => d.Id == "PROTO010");
    }

    [Fact]
    public void HandlingAnObject_IsPROTO012()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(Files(Spec, Mappings.Replace("{ \"schema\": \"v:Block\" }", "{ \"schema\": \"v:Dst\" }", StringComparison.Ordinal)), Implementation);
        Assert.Single(diagnostics, x => x.Id == "PROTO012");
    }

    [Fact]
    public void MalformedMappings_IsPROTO011()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(Files(Spec, "{ \"mappings\": 3 }"), Implementation);
        Assert.Single(diagnostics, x => x.Id == "PROTO011");
    }
}
