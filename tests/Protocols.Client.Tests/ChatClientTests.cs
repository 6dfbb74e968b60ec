using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Protocols.Client.Tests;

public class ChatClientTests
{
    private static IChatClient Chat(FakeUpstream upstream) =>
        new AnthropicCompatibleClient(Requests.Options(upstream), null, new TestTimeProvider()).AsChatClient("claude-sonnet-4-5", 1000);

    [Fact]
    public async Task A_chat_turn_maps_options_and_answer()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("Bonjour !", promptTokens: 12, completionTokens: 3)));
        using var chat = Chat(upstream);

        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer in French."), new ChatMessage(ChatRole.User, "Hello")],
            new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 77, StopSequences = ["###"], Instructions = "Be brief." });

        Assert.Equal("Bonjour !", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(15, response.Usage.TotalTokenCount);
        Assert.Equal("claude-sonnet-4-5", response.ModelId);
        Assert.StartsWith("msg_", response.ResponseId, StringComparison.Ordinal);

        var body = JsonDocument.Parse(upstream.Requests[0].Body).RootElement;
        Assert.Equal(77, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble(), 3);
        var messages = body.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("Be brief.", messages[0].GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.Contains("Answer in French.", messages[0].GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Tool_calls_come_out_as_function_calls_and_results_go_back()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_1", "get_weather", """{"city":"Paris"}"""), ("call_2", "get_time", """{"zone":"CET"}""")))
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("Sunny, 3pm.")));
        using var chat = Chat(upstream);
        var weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Current weather in a city");
        var time = AIFunctionFactory.Create((string zone) => "15:00", "get_time", "Local time");
        var options = new ChatOptions { Tools = [weather, time], ToolMode = ChatToolMode.Auto };
        List<ChatMessage> history = [new(ChatRole.User, "Weather and time in Paris?")];

        var first = await chat.GetResponseAsync(history, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var calls = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal("Paris", ((JsonElement)calls[0].Arguments!["city"]!).GetString());

        var tools = JsonDocument.Parse(upstream.Requests[0].Body).RootElement.GetProperty("tools");
        Assert.Equal("get_weather", tools[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("string", tools[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_2", JsonDocument.Parse("""{"time":"15:00"}""").RootElement)]));
        var second = await chat.GetResponseAsync(history, options);

        Assert.Equal("Sunny, 3pm.", second.Text);
        var sent = JsonDocument.Parse(upstream.Requests[1].Body).RootElement.GetProperty("messages").EnumerateArray().ToList();
        var assistant = sent.Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal(2, assistant.GetProperty("tool_calls").GetArrayLength());
        var results = sent.Where(m => m.GetProperty("role").GetString() == "tool").ToList();
        Assert.Equal(["call_1", "call_2"], results.Select(m => m.GetProperty("tool_call_id").GetString()));
        Assert.Contains("sunny", results[0].GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.Contains("15:00", results[1].GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_tool_modes_map_to_tool_choice()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_1", "get_weather", "{}"))));
        using var chat = Chat(upstream);
        var weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather");

        await chat.GetResponseAsync("hi", new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireSpecific("get_weather") });
        await chat.GetResponseAsync("hi", new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny });

        var specific = JsonDocument.Parse(upstream.Requests[0].Body).RootElement.GetProperty("tool_choice");
        Assert.Equal("get_weather", specific.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("required", JsonDocument.Parse(upstream.Requests[1].Body).RootElement.GetProperty("tool_choice").GetString());
    }

    [Fact]
    public async Task Streaming_updates_carry_text_calls_finish_and_usage()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(
            c,
            OpenAI.ReasoningChunk("hmm"),
            OpenAI.TextChunk("Let me "),
            OpenAI.TextChunk("check."),
            OpenAI.ToolStartChunk(0, "call_a", "get_weather"),
            OpenAI.ToolArgsChunk(0, "{\"city\":"),
            OpenAI.ToolArgsChunk(0, "\"Oslo\"}"),
            OpenAI.FinishChunk("tool_calls"),
            OpenAI.UsageChunk(30, 12),
            "[DONE]"));
        using var chat = Chat(upstream);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("Weather in Oslo?"))
        {
            updates.Add(update);
        }

        Assert.Equal("Let me check.", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.Contents.OfType<TextReasoningContent>().Any(r => r.Text == "hmm"));
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal(("call_a", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Last().FinishReason);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(30, usage.Details.InputTokenCount);
        Assert.Equal(12, usage.Details.OutputTokenCount);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));

        var response = updates.ToChatResponse();
        Assert.Equal("Let me check.", response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Errors_surface_as_the_typed_exceptions()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("bad key", "invalid_request_error"), 401));
        using var chat = Chat(upstream);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => chat.GetResponseAsync("hi"));
    }

    [Fact]
    public async Task Metadata_and_services()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("x")));
        using var chat = Chat(upstream);

        var metadata = chat.GetService<ChatClientMetadata>()!;
        Assert.Equal("protocols", metadata.ProviderName);
        Assert.Equal("claude-sonnet-4-5", metadata.DefaultModelId);
        Assert.Equal(new Uri(upstream.BaseUrl), metadata.ProviderUri);
        Assert.NotNull(chat.GetService<AnthropicCompatibleClient>());
        Assert.Same(chat, chat.GetService<IChatClient>());
        Assert.Null(chat.GetService<IChatClient>("some key"));
    }

    [Fact]
    public async Task A_model_is_required()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("x")));
        using var chat = new AnthropicCompatibleClient(Requests.Options(upstream)).AsChatClient();

        await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync("hi"));
        var response = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini" });
        Assert.Equal("gpt-4o-mini", JsonDocument.Parse(upstream.Requests[0].Body).RootElement.GetProperty("model").GetString());
        Assert.Equal("x", response.Text);
    }
}
