using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Protocols.Translation.Tests.Response;

/// <summary>C44 argument repair and C45 ids in detail, with a property over generated arguments.</summary>
public sealed class ToolArgumentsTests
{
    [Theory]
    [InlineData("""{"a":1}""", """{"a":1}""", "Valid")]
    [InlineData("", "{}", "Valid")]
    [InlineData("   ", "{}", "Valid")]
    [InlineData("null", "{}", "Valid")]
    [InlineData("```json\n{\"a\":1}\n```", """{"a":1}""", "Repaired")]
    [InlineData("```{\"a\":1}```", """{"a":1}""", "Repaired")]
    [InlineData("""{"a":[1,2,],}""", """{"a":[1,2]}""", "Repaired")]
    [InlineData("""{"a":1 /* note */}""", """{"a":1}""", "Repaired")]
    [InlineData("""Sure! {"a":1} Let me know.""", """{"a":1}""", "Repaired")]
    [InlineData("""{"a":"unterminated""", """{"a":"unterminated"}""", "Repaired")]
    [InlineData("""{"a":{"b":[1,2""", """{"a":{"b":[1,2]}}""", "Repaired")]
    [InlineData("""{"a":1,""", """{"a":1}""", "Repaired")]
    [InlineData("\"{\\\"a\\\":1}\"", """{"a":1}""", "Repaired")]
    [InlineData("[1,2]", "{}", "Invalid")]
    [InlineData("42", "{}", "Invalid")]
    [InlineData("}{", "{}", "Invalid")]
    [InlineData("{\"a\":}", "{}", "Invalid")]
    [InlineData("{\"a\":1}\r\n\t ", """{"a":1}""", "Valid")]
    [InlineData("""{"a":1} and some words""", """{"a":1}""", "Repaired")]
    [InlineData("""{"a":1}]""", """{"a":1}""", "Repaired")]
    public void C44_Arguments_ParsedRepairedOrEmpty(string raw, string expected, string outcome)
    {
        var input = ToolArguments.Parse(raw, out var actualOutcome);
        Assert.Equal(expected, input.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(outcome, actualOutcome.ToString());
        Assert.Equal(JsonValueKind.Object, input.ValueKind);
    }

    [Fact]
    public void C44_LoneSurrogate_InArguments_IsReadNotThrown()
    {
        // The arguments are .NET text: a lone surrogate in it (a JSON reader refuses "\ud800", code need not) becomes U+FFFD.
        var input = ToolArguments.Parse("{\"a\":\"x\ud800y\"}", out var outcome);
        Assert.Equal(ToolArguments.Outcome.Valid, outcome);
        Assert.Equal("x\ufffdy", input.GetProperty("a").GetString());

        var repaired = ToolArguments.Parse("{\"a\":\"x\ud800y\",}", out var repairedOutcome);
        Assert.Equal(ToolArguments.Outcome.Repaired, repairedOutcome);
        Assert.Equal("x\ufffdy", repaired.GetProperty("a").GetString());
    }

    [Fact]
    public void C44_AnyObject_ReadBackUnchanged_AndRepairedWhenFencedOrTrailingComma()
    {
        var key = Gen.Elements("a", "path", "ключ", "🎉", "x y");
        var scalar = Gen.OneOf(
            Gen.Choose(-5, 5).Select(n => (JsonNode?)n),
            Gen.Elements("s", "é\"\\\n", "</tool>").Select(s => (JsonNode?)s),
            Gen.Constant<JsonNode?>(null));
        var obj = Gen.NonEmptyListOf(Gen.Zip(key, scalar)).Select(members =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in members)
            {
                o[k] = v?.DeepClone();
            }

            return o.ToJsonString();
        });
        Prop.ForAll(obj.ToArbitrary(), json =>
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(ToolArguments.Parse(json, out var valid).GetRawText())));
            Assert.Equal(ToolArguments.Outcome.Valid, valid);

            var fenced = ToolArguments.Parse("```json\n" + json + "\n```", out var fencedOutcome);
            Assert.Equal(ToolArguments.Outcome.Repaired, fencedOutcome);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(fenced.GetRawText())));

            var comma = ToolArguments.Parse(json[..^1] + ",}", out var commaOutcome);
            Assert.Equal(ToolArguments.Outcome.Repaired, commaOutcome);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(comma.GetRawText())));

            Assert.True(ToolArguments.IsCompleteContainer(new StringBuilder(json)));
            Assert.False(ToolArguments.IsCompleteContainer(new StringBuilder(json[..^1])));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Theory]
    [InlineData("call_abc123", "call_abc123")]
    [InlineData("functions.Bash:0", "functions_Bash_0")]
    [InlineData("toolu_01A09q90qw90lq917835lq9", "toolu_01A09q90qw90lq917835lq9")]
    [InlineData("id with spaces/and+plus", "id_with_spaces_and_plus")]
    public void C45_Ids_ReducedToTheAllowedCharacters(string upstream, string expected)
    {
        var report = new ConversionReport();
        Assert.Equal(expected, ToolCallIds.Assign(upstream, [], report));
        Assert.Equal(upstream != expected, report.Contains(ConversionCodes.ToolCallIdReplaced));
    }

    [Fact]
    public void C45_MissingOrDuplicateIds_Generated()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        Assert.Matches("^toolu_[A-Za-z0-9]{24}$", ToolCallIds.Assign(null, used, null));
        Assert.Matches("^toolu_[A-Za-z0-9]{24}$", ToolCallIds.Assign("", used, null));
        Assert.Equal("same", ToolCallIds.Assign("same", used, null));
        Assert.Matches("^toolu_[A-Za-z0-9]{24}$", ToolCallIds.Assign("same", used, null));
        Assert.Equal(4, used.Count);
    }
}
