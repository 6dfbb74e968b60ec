using Protocols.Anthropic;

namespace Protocols.Client.Tests;

public sealed class RecordReplayTests : IDisposable
{
    private const string Key = "sk-proj-AbCdEf0123456789GhIjKl";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "protocols-client-fixtures-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Recorded_exchanges_replay_offline_with_secrets_and_payloads_redacted()
    {
        var fixture = Path.Combine(_directory, "conversation.json");
        var image = Convert.ToBase64String(Enumerable.Range(0, 6000).Select(i => (byte)(i * 7)).ToArray());
        var request = new CreateMessageParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 200,
            Messages =
            [
                InputMessages.User(
                    new RequestImageBlock { Source = new Base64ImageSource { Data = image, MediaType = Base64ImageSourceMediaType.ImagePng } },
                    new RequestTextBlock { Text = "What is in this picture?" }),
            ],
        };

        string recordedText;
        string streamedText;
        await using (var upstream = await FakeUpstream.StartAsync((r, c) => r.Body.Contains("\"stream\":true", StringComparison.Ordinal)
            ? OpenAI.WriteSseAsync(c, OpenAI.TextChunk("A gradient."), OpenAI.FinishChunk("stop"), OpenAI.UsageChunk(90, 3), "[DONE]")
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("A gradient, key sk-proj-ZyXw9876543210VuTsRq echoed."), 200, ("x-request-id", "req_1"), ("set-cookie", "session=abc"))))
        {
            var recorder = new RecordReplayHandler(fixture, RecordReplayMode.Record, secrets: [Key]) { InnerHandler = new HttpClientHandler() };
            using var http = new HttpClient(recorder);
            using var client = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl, ApiKey = Key }, http);

            recordedText = (await client.CreateMessageAsync(request)).GetText();
            streamedText = (await client.StreamMessageAsync(request).ToMessageAsync()).GetText();

            Assert.Equal(RecordReplayMode.Record, recorder.Mode);
            Assert.Equal(2, upstream.Requests.Count);
            Assert.Contains(image, upstream.Requests[0].Body.Replace("\\u002B", "+", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // The fixture holds no key, no cookie and no image payload.
        var text = await File.ReadAllTextAsync(fixture);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-ZyXw9876543210VuTsRq", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session=abc", text, StringComparison.Ordinal);
        Assert.DoesNotContain(image[..200], text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", text, StringComparison.Ordinal);
        Assert.Contains($"[BASE64 {image.Length} chars]", text, StringComparison.Ordinal);
        Assert.Contains("\"authorization\": \"[REDACTED]\"", text, StringComparison.Ordinal);

        // Replay: no server, no network (the handler has no inner handler at all).
        var player = new RecordReplayHandler(fixture, RecordReplayMode.Auto, secrets: [Key]);
        Assert.Equal(RecordReplayMode.Replay, player.Mode);
        Assert.Equal(2, player.Exchanges.Count);
        using var replayHttp = new HttpClient(player);
        using var replayClient = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = "http://127.0.0.1:9/v1", ApiKey = Key }, replayHttp);

        var replayed = await replayClient.CreateMessageWithDetailsAsync(request);
        Assert.Equal(recordedText.Replace("sk-proj-ZyXw9876543210VuTsRq", "[REDACTED]", StringComparison.Ordinal), replayed.Message.GetText());
        Assert.Equal("req_1", replayed.RequestId);
        Assert.Equal(streamedText, (await replayClient.StreamMessageAsync(request).ToMessageAsync()).GetText());

        // Every recorded exchange was used once; a request that was not recorded fails clearly.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => replayClient.CreateMessageAsync(request));
        Assert.Contains("no recorded exchange", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_request_does_not_match_a_recording()
    {
        var fixture = Path.Combine(_directory, "one.json");
        await using (var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi"))))
        {
            using var http = new HttpClient(new RecordReplayHandler(fixture) { InnerHandler = new HttpClientHandler() });
            using var client = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl }, http);
            await client.CreateMessageAsync(Requests.Hello("first"));
        }

        using var replay = new HttpClient(new RecordReplayHandler(fixture, RecordReplayMode.Replay));
        using var replayClient = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = "http://127.0.0.1:9/v1" }, replay);

        await Assert.ThrowsAsync<InvalidOperationException>(() => replayClient.CreateMessageAsync(Requests.Hello("second")));
        Assert.Equal("hi", (await replayClient.CreateMessageAsync(Requests.Hello("first"))).GetText());
    }

    [Fact]
    public void Replay_without_a_fixture_says_how_to_make_one()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new RecordReplayHandler(Path.Combine(_directory, "missing.json"), RecordReplayMode.Replay));
        Assert.Contains("Record mode", e.Message, StringComparison.Ordinal);
    }
}
