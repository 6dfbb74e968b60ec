using System.Text.Json;
using Protocols.SpecTool.Diff;

namespace Protocols.SpecTool.Tests;

/// <summary>
/// The fixture pair kinds/old → kinds/new makes every change kind happen exactly once, next to
/// spelling-only differences (3.0/3.1 nullability, const vs one-value enum, reordered variants and
/// members) that must not be reported.
/// </summary>
public sealed class ChangeKindsTests
{
    private static readonly Lazy<ToolResult> Diff = new(() =>
        Tool.Run("diff", Paths.Fixture("kinds", "old.openapi.json"), Paths.Fixture("kinds", "new.openapi.json"), "--json"));

    private static IReadOnlyList<JsonElement> Changes()
    {
        using var json = Diff.Value.Json();
        return [.. json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.Clone())];
    }

    [Theory]
    [InlineData(nameof(ChangeKind.SchemaAdded), "VideoBlock", "additive", false)]
    [InlineData(nameof(ChangeKind.SchemaRemoved), "ImageBlock", "breaking", false)]
    [InlineData(nameof(ChangeKind.MemberAdded), "Resp.extra", "additive", false)]
    [InlineData(nameof(ChangeKind.RequiredMemberAdded), "Resp.must", "breaking", false)]
    [InlineData(nameof(ChangeKind.MemberRemoved), "Resp.meta.legacy", "breaking", false)]
    [InlineData(nameof(ChangeKind.TypeChanged), "Resp.size", "breaking", false)]
    [InlineData(nameof(ChangeKind.EnumValueAdded), "Status", "additive", true)]
    [InlineData(nameof(ChangeKind.EnumValueRemoved), "Status", "breaking", false)]
    [InlineData(nameof(ChangeKind.VariantAdded), "Block.oneOf[VideoBlock]", "additive", true)]
    [InlineData(nameof(ChangeKind.VariantRemoved), "Block.oneOf[ImageBlock]", "breaking", false)]
    [InlineData(nameof(ChangeKind.MadeRequired), "Req.limit", "breaking", false)]
    [InlineData(nameof(ChangeKind.MadeOptional), "Req.tag", "additive", false)]   // request: the client may now omit it
    [InlineData(nameof(ChangeKind.NullableAdded), "Resp.note", "breaking", false)] // response: readers meet null
    [InlineData(nameof(ChangeKind.NullableRemoved), "Resp.count", "additive", false)] // response: fewer nulls
    public void Each_kind_is_reported_once_with_its_classification(string kindName, string path, string classification, bool needsHandling)
    {
        var kind = Enum.Parse<ChangeKind>(kindName);
        var matches = Changes().Where(c => c.GetProperty("kind").GetString() == ChangeClassifier.Name(kind)).ToList();

        var change = Assert.Single(matches);
        Assert.Equal(path, change.GetProperty("path").GetString());
        Assert.Equal(classification, change.GetProperty("classification").GetString());
        Assert.Equal(needsHandling, change.GetProperty("needsHandling").GetBoolean());
    }

    [Fact]
    public void Every_kind_is_covered_and_nothing_else_is_reported()
    {
        var kinds = Changes().Select(c => c.GetProperty("kind").GetString()).Order().ToList();

        Assert.Equal(Enum.GetValues<ChangeKind>().Select(ChangeClassifier.Name).Order(), kinds);
    }

    [Fact]
    public void Breaking_changes_exit_1_and_the_summary_counts_them()
    {
        Assert.True(Diff.Value.ExitCode == ExitCodes.Findings, Diff.Value.ToString());
        using var json = Diff.Value.Json();
        var summary = json.RootElement.GetProperty("summary");
        Assert.True(json.RootElement.GetProperty("hasBreaking").GetBoolean());
        Assert.Equal(14, summary.GetProperty("total").GetInt32());
        Assert.Equal(8, summary.GetProperty("breaking").GetInt32());
        Assert.Equal(2, summary.GetProperty("needsHandling").GetInt32());
        Assert.Equal(4, summary.GetProperty("additive").GetInt32());
    }

    [Fact]
    public void Changes_carry_schema_pointer_direction_and_values()
    {
        var added = Changes().Single(c => c.GetProperty("kind").GetString() == "enum-value-added");

        Assert.Equal("Status", added.GetProperty("schema").GetString());
        Assert.Equal("#/components/schemas/Status", added.GetProperty("pointer").GetString());
        Assert.Equal("response", added.GetProperty("direction").GetString());
        Assert.Equal("\"pending\"", added.GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("before").ValueKind);

        var variant = Changes().Single(c => c.GetProperty("kind").GetString() == "variant-added");
        Assert.Contains("tag \"video\"", variant.GetProperty("detail").GetString());
        var inline = Changes().Single(c => c.GetProperty("kind").GetString() == "member-removed");
        Assert.Equal("#/components/schemas/Resp/properties/meta/properties/legacy", inline.GetProperty("pointer").GetString());
    }

    [Fact]
    public void Text_report_groups_breaking_needs_handling_and_additive()
    {
        var result = Tool.Run("diff", Paths.Fixture("kinds", "old.openapi.json"), Paths.Fixture("kinds", "new.openapi.json"));

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        var breaking = result.Out.IndexOf("BREAKING (8)", StringComparison.Ordinal);
        var handling = result.Out.IndexOf("NEEDS HANDLING", StringComparison.Ordinal);
        var additive = result.Out.IndexOf("ADDITIVE (4)", StringComparison.Ordinal);
        Assert.True(breaking >= 0 && handling > breaking && additive > handling, result.Out);
        Assert.Contains("14 changes: 8 breaking, 2 needing handling, 4 additive", result.Out);
    }

    [Fact]
    public void Settings_are_found_next_to_the_old_document()
    {
        using var json = Diff.Value.Json();

        Assert.EndsWith(Path.Combine("kinds", "protocols.json"), json.RootElement.GetProperty("settings").GetString());
        Assert.Equal(["Req", "Resp"], json.RootElement.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
    }
}
