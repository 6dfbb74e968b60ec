using System.Diagnostics;

namespace Protocols.SpecTool.Tests;

public sealed class CheckTests
{
    [Fact]
    public void Anthropic_document_is_parseable_and_the_missing_info_version_is_reported_not_fatal()
    {
        var result = Tool.Run("check", Paths.AnthropicSpec);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("#/info/version", result.Out);
        Assert.Contains("The field 'version' in 'info' object is REQUIRED.", result.Out);
        Assert.Contains("anthropic.openapi.json:3:3", result.Out); // the "info" member, where version is missing
        Assert.Contains("MessageStreamEvent", result.Out);
        Assert.Contains("Closure of the roots: ", result.Out);
    }

    [Fact]
    public void Anthropic_document_fails_under_strict_because_of_the_parser_error()
    {
        var result = Tool.Run("check", Paths.AnthropicSpec, "--strict");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Contains("FAILED (--strict)", result.Out);
    }

    [Fact]
    public void OpenAI_document_checks_in_a_few_seconds()
    {
        var clock = Stopwatch.StartNew();
        var result = Tool.Run("check", Paths.OpenAISpec, "--settings", Paths.OpenAISettings);
        clock.Stop();

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("1397 component schemas", result.Out);
        Assert.Contains("CreateChatCompletionStreamResponse", result.Out);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"check took {clock.Elapsed}");
    }

    [Fact]
    public void Settings_default_to_the_protocols_json_next_to_the_spec()
    {
        var result = Tool.Run("check", Paths.OpenAISpec);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("(6 roots)", result.Out);
    }

    [Fact]
    public void Malformed_json_exits_2_with_file_line_and_column()
    {
        var path = Paths.Fixture("malformed.json");

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains($"{path}:6:3: error: invalid JSON", result.Err);
    }

    [Fact]
    public void Valid_json_that_is_not_openapi_exits_2()
    {
        var result = Tool.Run("check", Paths.Fixture("not-openapi.json"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("not an OpenAPI document", result.Err);
    }

    [Fact]
    public void Missing_file_exits_2()
    {
        var result = Tool.Run("check", Paths.Fixture("does-not-exist.json"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("cannot read the file", result.Err);
    }

    [Fact]
    public void A_root_missing_from_the_document_fails_check()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("protocols.json"), """{ "roots": ["Message", "NoSuchSchema"] }""");

        var result = Tool.Run("check", Paths.AnthropicSpec, "--settings", temp.File("protocols.json"));

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Contains("NoSuchSchema", result.Out);
        Assert.Contains("missing from the document", result.Out);
    }

    [Fact]
    public void Recursive_schemas_terminate_and_are_counted()
    {
        var result = Tool.Run("check", Paths.Fixture("recursive", "recursive.openapi.json"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("Closure of the roots: 4 schemas", result.Out);
        Assert.Contains("recursive     3", result.Out);
        Assert.Contains("1 discriminated without mapping", result.Out);
    }

    [Theory]
    [InlineData]
    [InlineData("check")]
    [InlineData("diff", "only-one.json")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var result = Tool.Run(args);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
    }

    [Fact]
    public void Output_to_a_writer_is_plain_text()
    {
        var result = Tool.Run("check", Paths.AnthropicSpec);

        Assert.DoesNotContain('\u001b', result.Out);
    }
}
