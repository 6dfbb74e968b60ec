using Protocols.Anthropic;

namespace Protocols.Client.Tests;

public class ModelsTests
{
    [Fact]
    public async Task The_backend_model_list_comes_back_in_anthropic_shape()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Models("gpt-4o", "gpt-4o-mini", "o3")));
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));

        var all = await client.ListModelsAsync();
        var page = await client.ListModelsAsync(limit: 1, afterId: "gpt-4o");

        Assert.Equal("/v1/models", upstream.Requests[0].Path);
        Assert.Equal("GET", upstream.Requests[0].Method);
        Assert.Equal(["gpt-4o", "gpt-4o-mini", "o3"], all.Data.Select(m => m.Id));
        Assert.False(all.HasMore);
        Assert.Equal(("gpt-4o", "o3"), (all.FirstId, all.LastId));
        Assert.Equal("2023-11-14T22:13:20Z", all.Data[0].CreatedAt);
        Assert.Equal("gpt-4o", all.Data[0].DisplayName);
        Assert.Equal("gpt-4o-mini", Assert.Single(page.Data).Id);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task Counting_tokens_sends_nothing()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, "{}"));
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));

        var small = await client.CountTokensAsync(new CountMessageTokensParams { Model = "claude-sonnet-4-5", Messages = [InputMessages.User("Hi")] });
        var large = await client.CountTokensAsync(new CountMessageTokensParams { Model = "claude-sonnet-4-5", Messages = [InputMessages.User(string.Join(' ', Enumerable.Repeat("tokens", 500)))] });

        Assert.InRange(small.InputTokens, 1, 50);
        Assert.True(large.InputTokens > small.InputTokens + 100);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task The_builder_gives_a_working_client()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("built")));
        using var client = AnthropicCompatibleClient.CreateBuilder(upstream.BaseUrl)
            .WithApiKey("sk-builder-123456789")
            .UseModel("gpt-4o-mini")
            .WithRetries(0)
            .WithTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30))
            .Configure(o => o.DefaultHeaders["HTTP-Referer"] = "https://example.test")
            .Build();

        var result = await client.CreateMessageWithDetailsAsync(Requests.Hello());

        Assert.Equal("built", result.Message.GetText());
        Assert.Equal("claude-sonnet-4-5", result.Message.Model.Value);
        Assert.Contains("\"model\":\"gpt-4o-mini\"", upstream.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("https://example.test", upstream.Requests[0].Headers["http-referer"]);
        Assert.StartsWith("Protocols.Client/", upstream.Requests[0].Headers["user-agent"], StringComparison.Ordinal);
        Assert.Equal(1, result.Attempts);
        Assert.False(result.Report.IsLossy);
    }
}
