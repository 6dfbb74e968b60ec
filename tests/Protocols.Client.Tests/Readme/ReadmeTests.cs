using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Protocols.Client.Tests.Readme;

public partial class ReadmeTests
{
    private static string RepoFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Protocols.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine([directory.FullName, .. parts]));
    }

    [Fact]
    public void The_readme_shows_exactly_the_tested_code()
    {
        var readme = RepoFile("src", "Protocols.Client", "README.md").ReplaceLineEndings("\n");
        var source = RepoFile("tests", "Protocols.Client.Tests", "Readme", "ReadmeSnippets.cs").ReplaceLineEndings("\n");

        var snippets = SnippetRegion().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["code"].Value));
        var blocks = ReadmeBlock().Matches(readme).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value.Trim('\n'));

        Assert.Equal(6, snippets.Count);
        Assert.Equal(snippets.Keys.Order(), blocks.Keys.Order());
        foreach (var (name, code) in snippets)
        {
            Assert.Equal(code, blocks[name]);
        }
    }

    [Fact]
    public async Task The_readme_code_runs()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
        {
            if (r.Body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                return OpenAI.WriteSseAsync(c, OpenAI.TextChunk("Waves fold "), OpenAI.TextChunk("on stone"), OpenAI.FinishChunk("stop"), "[DONE]");
            }

            if (r.Body.Contains("get_weather", StringComparison.Ordinal) && !r.Body.Contains("\"role\":\"tool\"", StringComparison.Ordinal))
            {
                return OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_w", "get_weather", """{"City":"Paris"}""")));
            }

            if (r.Body.Contains("\"role\":\"tool\"", StringComparison.Ordinal))
            {
                return OpenAI.WriteJsonAsync(c, OpenAI.Completion(r.Body.Contains("Sunny in Paris", StringComparison.Ordinal) ? "It is sunny." : "?"));
            }

            return r.Body.Contains("What is 2", StringComparison.Ordinal)
                ? OpenAI.WriteJsonAsync(c, OpenAI.Completion("4"))
                : OpenAI.WriteJsonAsync(c, OpenAI.Completion("Bonjour !"));
        });

        Assert.Equal("Bonjour !", await ReadmeSnippets.AskAsync(upstream.BaseUrl, "sk-readme-0000000000"));
        Assert.Contains("\"model\":\"gpt-4o-mini\"", upstream.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("4", await ReadmeSnippets.ChatAsync(upstream.BaseUrl, "sk-readme-0000000000"));

        using var client = AnthropicCompatibleClient.Create(upstream.BaseUrl, "sk-readme-0000000000");
        Assert.Equal("Waves fold on stone", (await ReadmeSnippets.StreamAsync(client)).GetText());
        Assert.Equal("It is sunny.", await ReadmeSnippets.ToolsAsync(client));

        await using var services = ReadmeSnippets.AddToServices(upstream.BaseUrl, "sk-readme-0000000000");
        Assert.Equal("Bonjour !", (await services.GetRequiredService<AnthropicCompatibleClient>().CreateMessageAsync(Requests.Hello())).GetText());
    }

    [Fact]
    public async Task The_readme_error_handling_runs()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error("slow down", "rate_limit_error"), 429, ("retry-after", "120"), ("x-request-id", "req_9")));
        using var client = AnthropicCompatibleClient.Create(upstream.BaseUrl);

        Assert.Equal("rate limited, retry after 00:02:00", await ReadmeSnippets.HandleErrorsAsync(client, Requests.Hello()));

        await using var bad = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("no such model", "invalid_request_error"), 404, ("x-request-id", "req_9")));
        using var badClient = AnthropicCompatibleClient.Create(bad.BaseUrl);
        Assert.Equal("404 not_found_error: no such model (request req_9, 1 attempts)", await ReadmeSnippets.HandleErrorsAsync(badClient, Requests.Hello()));
    }

    private static string Dedent(string code)
    {
        var lines = code.Trim('\n').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"^[ \t]*// snippet: (?<name>[a-z-]+)\n(?<code>.*?)\n[ \t]*// end snippet", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SnippetRegion();

    [GeneratedRegex(@"<!-- snippet: (?<name>[a-z-]+) -->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();
}
