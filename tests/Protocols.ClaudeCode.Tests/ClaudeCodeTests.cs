using System.Text.Json;
using System.Text.Json.Nodes;
using Protocols.ClaudeCode.Tests.Infrastructure;
using Protocols.Testing.Processes;
using Xunit;
using Xunit.Abstractions;

namespace Protocols.ClaudeCode.Tests;

/// <summary>
/// Claude Code itself (the npm package, installed by scripts/install-claude-code.sh) runs
/// <c>claude -p … --output-format json</c> through the proxy (a real process) against a scripted fake OpenAI
/// upstream (a real Kestrel server). Everything runs on 127.0.0.1; every process is killed at the end.
/// </summary>
public sealed class ClaudeCodeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("protocols-claude-code-").FullName;

    [Fact]
    public async Task Plain_answer_comes_back_through_the_proxy()
    {
        var marker = "protocols-plain-" + Guid.NewGuid().ToString("N");
        var answer = $"Hello from the scripted upstream: {marker}.";

        // Every request gets the same text: Claude Code's extra requests (titles, quota checks) are harmless.
        var (run, upstream) = await RunAsync("Say hello.", _ => new UpstreamReply.Text(answer));

        var result = AssertSuccess(run);
        Assert.Contains(marker, result.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Contains(upstream.Requests, r => r.Path.StartsWith("/v1/chat/completions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tool_round_trip_runs_bash_and_returns_the_result_to_the_upstream()
    {
        var id = Guid.NewGuid().ToString("N");

        // The shell computes part of the output, so only a command that really ran can produce it.
        var command = $"echo protocols-roundtrip-$((6*7))-{id}";
        var expectedOutput = $"protocols-roundtrip-42-{id}";
        var finalMarker = "protocols-done-" + id;

        var (run, upstream) = await RunAsync("Run the command you are given and report its output.", request =>
        {
            if (request.ToolResults.Any(r => r.Contains(expectedOutput, StringComparison.Ordinal)))
            {
                return new UpstreamReply.Text($"The command printed {expectedOutput}. {finalMarker}");
            }

            if (request.ToolResults.Count > 0)
            {
                return new UpstreamReply.Text("The tool result did not contain the expected output.");
            }

            if (request.ToolNames.Contains("Bash"))
            {
                var arguments = new JsonObject { ["command"] = command, ["description"] = "Print the round-trip marker" };
                return new UpstreamReply.ToolCall("Bash", arguments.ToJsonString());
            }

            // Claude Code's side requests (no tools): a short text.
            return new UpstreamReply.Text("ok");
        }, "--allowedTools", "Bash", "--max-turns", "5");

        var result = AssertSuccess(run);
        Assert.Contains(finalMarker, result.GetProperty("result").GetString(), StringComparison.Ordinal);

        // The upstream asked for the tool, then saw its output come back as an OpenAI tool message.
        var asked = upstream.Requests.First(r => r.ToolNames.Contains("Bash") && r.ToolResults.Count == 0);
        var answered = upstream.Requests.FirstOrDefault(r => r.ToolResults.Any(t => t.Contains(expectedOutput, StringComparison.Ordinal)));
        Assert.True(answered is not null, "no request carried the tool result " + expectedOutput);
        Assert.True(answered.Index > asked.Index);
        var toolCall = answered.Json?["messages"]?.AsArray()
            .FirstOrDefault(m => m?["role"]?.GetValue<string>() == "assistant" && m["tool_calls"] is JsonArray)?["tool_calls"]?[0];
        Assert.Equal("Bash", toolCall?["function"]?["name"]?.GetValue<string>());
        Assert.Contains(command, toolCall?["function"]?["arguments"]?.GetValue<string>() ?? string.Empty, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Upstream → proxy → <c>claude -p</c>; prints everything each part saw, pass or fail.</summary>
    private async Task<(ProcessResult Run, ScriptedUpstream Upstream)> RunAsync(string prompt, Func<RecordedRequest, UpstreamReply> script, params string[] args)
    {
        var claude = await ClaudeCodeCli.ExecutableAsync();
        output.WriteLine($"claude: {claude} ({await ClaudeCodeCli.VersionAsync(claude)})");

        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var proxyDir = Directory.CreateDirectory(Path.Combine(_root, "proxy")).FullName;

        var upstream = await ScriptedUpstream.StartAsync(script);
        try
        {
            await using var proxy = await ProxyProcess.StartAsync(proxyDir, null, "--port", "0", "--host", "127.0.0.1", "--upstream", upstream.BaseUrl, "--debug");
            output.WriteLine($"upstream: {upstream.BaseUrl}  proxy: {proxy.Url}");
            ProcessResult? run = null;
            try
            {
                run = await ClaudeCodeCli.RunAsync(claude, proxy.Url, prompt, work, home, args);
            }
            finally
            {
                output.WriteLine("=== claude ===");
                output.WriteLine(run?.Describe() ?? "(did not run)");
                output.WriteLine("=== upstream received ===");
                output.WriteLine(upstream.Describe());
                output.WriteLine("=== proxy log ===");
                output.WriteLine(proxy.Output);
            }

            return (run, upstream);
        }
        finally
        {
            // Kept alive for the assertions on its records; the server itself is stopped here.
            await upstream.DisposeAsync();
        }
    }

    private static JsonElement AssertSuccess(ProcessResult run)
    {
        Assert.False(run.TimedOut, $"claude did not finish within {ClaudeCodeCli.RunTimeout}");
        var result = ClaudeCodeCli.ParseResult(run.Stdout);
        Assert.True(result.HasValue, "claude printed no JSON result");
        var json = result.Value;
        Assert.Equal("result", json.GetProperty("type").GetString());
        Assert.Equal("success", json.GetProperty("subtype").GetString());
        Assert.False(json.GetProperty("is_error").GetBoolean(), "is_error is true: " + json.GetRawText());
        Assert.Equal(0, run.ExitCode);
        return json;
    }
}
