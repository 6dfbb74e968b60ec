using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Protocols.SpecTool.Tests;

public sealed class DiffTests
{
    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public void Identical_documents_have_no_changes(string vendor)
    {
        var spec = Path.Combine(Paths.Specs, vendor, vendor + ".openapi.json");
        var clock = Stopwatch.StartNew();

        var text = Tool.Run("diff", spec, spec);
        var json = Tool.Run("diff", spec, spec, "--json");

        Assert.True(text.ExitCode == ExitCodes.Ok, text.ToString());
        Assert.Contains("No changes in the closure.", text.Out);
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        using var report = json.Json();
        Assert.Equal(0, report.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.False(report.RootElement.GetProperty("hasBreaking").GetBoolean());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"two diffs took {clock.Elapsed}");
    }

    [Fact]
    public void Reformatted_document_has_no_changes()
    {
        using var temp = new TempDirectory();
        var reformatted = SpecEdits.Load(Paths.OpenAISpec).Save(temp.File("openai.json"));

        var result = Tool.Run("diff", Paths.OpenAISpec, reformatted, "--settings", Paths.OpenAISettings);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("No changes in the closure.", result.Out);
    }

    [Fact]
    public void Additive_changes_only_exit_0_but_are_listed_as_needing_handling()
    {
        using var temp = new TempDirectory();
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        document.Schemas()["StopReason"]!["enum"]!.AsArray().Add("model_context_window_exceeded");
        var changed = document.Save(temp.File("anthropic.json"));

        var result = Tool.Run("diff", Paths.AnthropicSpec, changed);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("NEEDS HANDLING", result.Out);
        Assert.Contains("new enum value \"model_context_window_exceeded\"", result.Out);
        Assert.DoesNotContain("BREAKING", result.Out);
    }

    [Fact]
    public void AllOf_members_are_flattened_and_base_changes_reported_once_at_the_base()
    {
        var result = Tool.Run("diff", Paths.Fixture("allof", "old.openapi.json"), Paths.Fixture("allof", "new.openapi.json"), "--json");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        using var json = result.Json();
        var changes = json.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("kind").GetString()} {c.GetProperty("path").GetString()}")
            .Order()
            .ToList();
        // "moved" went from Derived's inline part to Base: added at Base, unchanged for Derived.
        Assert.Equal(
            ["made-required Base.createdAt", "member-added Base.moved", "member-added Base.updatedAt", "member-removed Derived.dropped"],
            changes);
    }

    [Fact]
    public void A_root_missing_from_the_new_document_is_a_removed_schema()
    {
        using var temp = new TempDirectory();
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        document.Schemas().Remove("ModelInfo");
        var changed = document.Save(temp.File("anthropic.json"));

        var result = Tool.Run("diff", Paths.AnthropicSpec, changed, "--json");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        using var json = result.Json();
        Assert.Contains(json.RootElement.GetProperty("changes").EnumerateArray(), c =>
            c.GetProperty("kind").GetString() == "schema-removed" && c.GetProperty("path").GetString() == "ModelInfo");
        Assert.Equal(["ModelInfo"], json.RootElement.GetProperty("missingRoots").GetProperty("new").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Invalid_json_in_either_document_exits_2()
    {
        var result = Tool.Run("diff", Paths.Fixture("kinds", "old.openapi.json"), Paths.Fixture("malformed.json"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("malformed.json:6:3", result.Err);
    }

    [Fact]
    public void Unreachable_schemas_are_ignored()
    {
        using var temp = new TempDirectory();
        var document = JsonNode.Parse(File.ReadAllText(Paths.Fixture("kinds", "new.openapi.json")))!.AsObject();
        document.Schemas()["Unrelated"] = JsonNode.Parse("""{ "type": "integer" }""");
        document.Schemas()["AlsoUnrelated"] = JsonNode.Parse("""{ "type": "string" }""");
        var changed = document.Save(temp.File("new.json"));

        var result = Tool.Run("diff", Paths.Fixture("kinds", "new.openapi.json"), changed, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var json = result.Json();
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Json_report_is_the_only_output_with_json()
    {
        var result = Tool.Run("diff", Paths.Fixture("allof", "old.openapi.json"), Paths.Fixture("allof", "new.openapi.json"), "--json");

        using var json = result.Json(); // throws if anything but JSON was printed
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.Equal("", result.Err);
    }
}
