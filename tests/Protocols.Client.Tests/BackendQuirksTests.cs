using System.Text.Json;
using Microsoft.Extensions.AI;
using Protocols.Anthropic;

namespace Protocols.Client.Tests;

/// <summary>What real backends send that the client must survive: huge retry-after values, model lists without created, HTML where JSON belongs, Azure URLs, streams that end early.</summary>
public class BackendQuirksTests
{
    private static AnthropicCompatibleClient Client(FakeUpstream upstream, TestTimeProvider time, Action<AnthropicCompatibleClientOptions>? configure = null)
    {
        var options = Requests.Options(upstream);
        configure?.Invoke(options);
        return new AnthropicCompatibleClient(options, null, time);
    }

    [Theory]
    [InlineData("retry-after", "1e13")]
    [InlineData("retry-after-ms", "1e16")]
    public async Task A_huge_retry_after_on_429_is_a_rate_limited_error(string header, string value)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error("slow down", "rate_limit_error"), 429, (header, value)));
        using var client = Client(upstream, new TestTimeProvider());

        var e = await Record.ExceptionAsync(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.IsType<RateLimitedException>(e);
    }

    [Fact]
    public async Task A_huge_retry_after_on_a_successful_answer_is_ignored()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok"), 200, ("retry-after", "1e13")));
        using var client = Client(upstream, new TestTimeProvider());

        var message = await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal("ok", message.GetText());
    }

    [Fact]
    public async Task Models_without_created_are_listed()
    {
        // LM Studio's /v1/models entries carry no "created".
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b\",\"object\":\"model\",\"owned_by\":\"organization_owner\"}]}"));
        using var client = Client(upstream, new TestTimeProvider());

        var list = await client.ListModelsAsync();

        Assert.Equal("qwen2.5-7b", Assert.Single(list.Data).Id);
    }

    [Fact]
    public async Task Models_list_html_200_is_a_typed_error()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            c.Response.ContentType = "text/html";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(c.Response, "<html>login</html>");
        });
        using var client = Client(upstream, new TestTimeProvider());

        var e = await Record.ExceptionAsync(() => client.ListModelsAsync());

        Assert.IsAssignableFrom<AnthropicClientException>(e);
    }

    [Fact]
    public async Task Breaking_out_of_a_stream_closes_the_upstream_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            c.RequestAborted.Register(() => aborted.TrySetResult());
            await OpenAI.WriteSseAsync(c, OpenAI.TextChunk("one"), OpenAI.TextChunk("two"));
            await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));

        await foreach (var e in client.StreamMessageAsync(Requests.Hello()))
        {
            if (e is ContentBlockDeltaEvent)
            {
                break;
            }
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_stream_that_stops_after_finish_without_done_completes()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(
            c, OpenAI.TextChunk("hi"), OpenAI.FinishChunk("stop"), OpenAI.UsageChunk(4, 2)));
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));

        var acc = new MessageAccumulator();
        await foreach (var _ in client.StreamMessageAsync(Requests.Hello()).AccumulateInto(acc))
        {
        }

        Assert.True(acc.IsComplete);
        var m = acc.ToMessage();
        Assert.Equal("hi", m.GetText());
        Assert.Equal(StopReason.EndTurn, m.StopReason);
        Assert.Equal(2, m.Usage.OutputTokens);
        Assert.Equal(4, m.Usage.InputTokens);
    }

    [Fact]
    public async Task Chat_stream_replayed_from_a_json_answer_keeps_tool_arguments()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_1", "get_weather", "{\"city\":\"Oslo\"}"))));
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));
        var chat = client.AsChatClient("gpt-4o-mini");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in chat.GetStreamingResponseAsync("weather?"))
        {
            updates.Add(u);
        }

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(20, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Header_credential_reaches_an_azure_deployment_url()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var options = new AnthropicCompatibleClientOptions
        {
            BaseUrl = $"http://127.0.0.1:{upstream.Port}/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
            Credential = UpstreamCredential.Header("api-key", "azkey-123456"),
        };
        using var client = new AnthropicCompatibleClient(options);

        await client.CreateMessageAsync(Requests.Hello());

        var req = Assert.Single(upstream.Requests);
        Assert.Equal("/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21", req.Path);
        Assert.Equal("azkey-123456", req.Headers["api-key"]);
        Assert.False(req.Headers.ContainsKey("authorization"));
    }

    [Theory]
    [InlineData(408, typeof(UpstreamTimeoutException))]
    [InlineData(413, typeof(BadRequestException))]
    public async Task Status_types(int status, Type expected)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("no", "server_error"), status));
        using var client = Client(upstream, new TestTimeProvider(), o => o.Retry.MaxRetries = 0);

        var e = await Record.ExceptionAsync(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.IsType(expected, e);
    }
}
