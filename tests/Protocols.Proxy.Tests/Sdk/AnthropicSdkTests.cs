using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Anthropic.Models.Models;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Sdk;

/// <summary>The official Anthropic C# SDK (NuGet <c>Anthropic</c> 13.12.0) as the client, unchanged but for its base URL.</summary>
public sealed class AnthropicSdkTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;
    private AnthropicClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync(_upstream, new Dictionary<string, string?> { ["PROXY_API_KEYS"] = "sdk-client-key", ["MODEL_ALIASES"] = "claude-sonnet-4-5" });
        _client = new AnthropicClient { BaseUrl = _proxy.Url, ApiKey = "sdk-client-key", MaxRetries = 0, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static MessageCreateParams Ask(string text, bool withTools = false) => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = 256,
        Messages = [new UserMessageParam { Content = text }],
        Tools = withTools
            ? [new Tool
            {
                Name = "get_weather",
                Description = "Weather for a city",
                InputSchema = InputSchema.FromRawUnchecked(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")!),
            }]
            : null,
    };

    [Fact]
    public async Task Create_ReturnsATypedMessage()
    {
        _upstream.Chat = Script.Json(200, OpenAIPayloads.TextCompletion("Hi from the SDK test", prompt: 9, completion: 4));
        var message = await _client.Messages.Create(Ask("Hello"));

        Assert.StartsWith("msg_", message.ID);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hi from the SDK test", text!.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.Equal(9, message.Usage.InputTokens);
        Assert.Equal(4, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task StreamWithToolUse_AggregatesToTheFinalMessage()
    {
        _upstream.Chat = Script.Sse([
            OpenAIPayloads.RoleChunk(),
            OpenAIPayloads.TextChunk("Let me check."),
            OpenAIPayloads.ToolCallChunk(0, "call_1", "get_weather", ""),
            OpenAIPayloads.ToolCallChunk(0, null, null, "{\"ci"),
            OpenAIPayloads.ToolCallChunk(0, null, null, "ty\":\"Paris\"}"),
            OpenAIPayloads.FinishChunk("tool_calls"),
            OpenAIPayloads.UsageChunk(50, 17),
        ]);

        var message = await _client.Messages.CreateStreaming(Ask("Weather in Paris?", withTools: true)).Aggregate();

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Let me check.", text!.Text);
        Assert.True(message.Content[1].TryPickToolUse(out var tool));
        Assert.Equal("get_weather", tool!.Name);
        Assert.Equal("call_1", tool.ID);
        Assert.Equal("Paris", tool.Input["city"].GetString());
        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        Assert.Equal(17, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task CountTokens_Works()
    {
        var count = await _client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "claude-sonnet-4-5",
            Messages = [new UserMessageParam { Content = "How many tokens is this sentence?" }],
        });
        Assert.InRange(count.InputTokens, 3, 100);
    }

    [Fact]
    public async Task ModelsList_Works()
    {
        var page = await _client.Models.List(new ModelListParams());
        var ids = page.Items.Select(m => m.ID).ToList();
        Assert.Equal(["claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini"], ids);
    }

    [Fact]
    public async Task TypedExceptions_400_401_429_529()
    {
        _upstream.Chat = Script.Json(400, OpenAIPayloads.Error("bad thing"));
        var e400 = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _client.Messages.Create(Ask("x")));
        Assert.Contains("bad thing", e400.Message);

        using var wrongKey = new AnthropicClient { BaseUrl = _proxy.Url, ApiKey = "wrong", MaxRetries = 0 };
        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => wrongKey.Messages.Create(Ask("x")));

        _upstream.Chat = Script.Json(429, OpenAIPayloads.Error("slow down", "rate_limit_exceeded"));
        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => _client.Messages.Create(Ask("x")));

        _upstream.Chat = Script.Json(503, OpenAIPayloads.Error("overloaded", "server_error"));
        var e529 = await Assert.ThrowsAnyAsync<Anthropic5xxException>(() => _client.Messages.Create(Ask("x")));
        Assert.IsType<AnthropicOverloadedException>(e529);
    }
}
