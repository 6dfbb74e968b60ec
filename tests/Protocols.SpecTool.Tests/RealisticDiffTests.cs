using System.Text.Json;
using System.Text.Json.Nodes;

namespace Protocols.SpecTool.Tests;

/// <summary>Vendor-shaped changes made to the real documents.</summary>
public sealed class RealisticDiffTests
{
    [Fact]
    public void Anthropic_new_content_block_new_stop_reason_and_removed_member_are_each_named()
    {
        using var temp = new TempDirectory();
        var changed = SpecEdits.AnthropicWithRealisticChanges().Save(temp.File("anthropic.json"));

        var result = Tool.Run("diff", Paths.AnthropicSpec, changed, "--json");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        var changes = Changes(result);
        Assert.Equal(4, changes.Count);
        AssertChange(changes, "variant-added", "ContentBlock.oneOf[ResponseHologramBlock]", "additive", needsHandling: true);
        AssertChange(changes, "schema-added", "ResponseHologramBlock", "additive", needsHandling: false);
        AssertChange(changes, "enum-value-added", "StopReason", "additive", needsHandling: true);
        AssertChange(changes, "member-removed", "Message.stop_sequence", "breaking", needsHandling: false);
        Assert.Contains("tag \"hologram\"", changes.Single(c => c.GetProperty("kind").GetString() == "variant-added").GetProperty("detail").GetString());
        Assert.Equal("\"model_context_window_exceeded\"", changes.Single(c => c.GetProperty("kind").GetString() == "enum-value-added").GetProperty("after").GetString());
    }

    [Fact]
    public void Anthropic_variant_added_through_the_mapping_only_is_still_reported()
    {
        using var temp = new TempDirectory();
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        // A new tag for an existing variant (an alias): no oneOf change, but a new case to handle.
        document.Schemas()["ContentBlock"]!["discriminator"]!["mapping"]!["text_v2"] = "#/components/schemas/ResponseTextBlock";
        var changed = document.Save(temp.File("anthropic.json"));

        var result = Tool.Run("diff", Paths.AnthropicSpec, changed, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var change = Assert.Single(Changes(result));
        Assert.Equal("variant-added", change.GetProperty("kind").GetString());
        Assert.Equal("ContentBlock.discriminator[text_v2]", change.GetProperty("path").GetString());
        Assert.True(change.GetProperty("needsHandling").GetBoolean());
    }

    [Fact]
    public void OpenAI_inline_enum_value_new_message_variant_and_nullability_are_reported_by_path()
    {
        using var temp = new TempDirectory();
        var document = SpecEdits.Load(Paths.OpenAISpec);
        var schemas = document.Schemas();
        var choice = schemas["CreateChatCompletionResponse"]!["properties"]!["choices"]!["items"]!.AsObject();
        choice["properties"]!["finish_reason"]!["enum"]!.AsArray().Add("pause");
        schemas["ChatCompletionRequestCriticMessage"] = JsonNode.Parse("""
            {
              "type": "object",
              "required": ["role", "content"],
              "properties": {
                "role": { "type": "string", "enum": ["critic"] },
                "content": { "type": "string" }
              }
            }
            """);
        schemas["ChatCompletionRequestMessage"]!["oneOf"]!.AsArray().Add(JsonNode.Parse("""{ "$ref": "#/components/schemas/ChatCompletionRequestCriticMessage" }"""));
        choice["properties"]!["index"]!["nullable"] = true;
        var changed = document.Save(temp.File("openai.json"));

        var result = Tool.Run("diff", Paths.OpenAISpec, changed, "--json");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        var changes = Changes(result);
        Assert.Equal(4, changes.Count);
        AssertChange(changes, "enum-value-added", "CreateChatCompletionResponse.choices[].finish_reason", "additive", needsHandling: true);
        AssertChange(changes, "variant-added", "ChatCompletionRequestMessage.oneOf[ChatCompletionRequestCriticMessage]", "additive", needsHandling: true);
        AssertChange(changes, "schema-added", "ChatCompletionRequestCriticMessage", "additive", needsHandling: false);
        AssertChange(changes, "nullable-added", "CreateChatCompletionResponse.choices[].index", "breaking", needsHandling: false);
        // No mapping in OpenAI's discriminators: the tag comes from the variant's role enum.
        Assert.Contains("tag \"critic\"", changes.Single(c => c.GetProperty("kind").GetString() == "variant-added").GetProperty("detail").GetString());
    }

    [Fact]
    public void Anthropic_changed_const_tag_is_an_enum_value_removed_and_added()
    {
        using var temp = new TempDirectory();
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        document.Schemas()["ResponseTextBlock"]!["properties"]!["type"]!["const"] = "text_v2";
        var changed = document.Save(temp.File("anthropic.json"));

        var result = Tool.Run("diff", Paths.AnthropicSpec, changed, "--json");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        var changes = Changes(result);
        Assert.Equal(2, changes.Count);
        AssertChange(changes, "enum-value-removed", "ResponseTextBlock.type", "breaking", needsHandling: false);
        AssertChange(changes, "enum-value-added", "ResponseTextBlock.type", "additive", needsHandling: true);
    }

    private static List<JsonElement> Changes(ToolResult result)
    {
        using var json = result.Json();
        return [.. json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.Clone())];
    }

    private static void AssertChange(List<JsonElement> changes, string kind, string path, string classification, bool needsHandling)
    {
        var change = Assert.Single(changes, c => c.GetProperty("kind").GetString() == kind && c.GetProperty("path").GetString() == path);
        Assert.Equal(classification, change.GetProperty("classification").GetString());
        Assert.Equal(needsHandling, change.GetProperty("needsHandling").GetBoolean());
    }
}
