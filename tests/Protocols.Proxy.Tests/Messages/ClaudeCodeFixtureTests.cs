using System.Net;
using System.Text;
using System.Text.Json;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>Replays the two requests Claude Code really sent (headers, ?beta=true, ~49 KB bodies) through the proxy.</summary>
public sealed class ClaudeCodeFixtureTests : ProxyTest
{
    protected override IDictionary<string, string?>? Environment => new Dictionary<string, string?> { ["MODEL_MAP"] = "claude-*=gpt-4o" };

    [Theory]
    [InlineData("request-1-first-turn.json")]
    [InlineData("request-2-parallel-tools-round-trip.json")]
    public async Task CapturedRequest_IsAccepted_Translated_AndAnsweredAsAStream(string fixture)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)));
        var root = doc.RootElement;
        using var request = new HttpRequestMessage(HttpMethod.Post, root.GetProperty("path").GetString())
        {
            Content = new StringContent(root.GetProperty("body").GetRawText(), Encoding.UTF8, "application/json"),
        };
        foreach (var header in root.GetProperty("headers").EnumerateObject())
        {
            if (header.Name is not ("content-type" or "accept-encoding"))
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        Upstream.Chat = Script.Sse(OpenAIPayloads.TextStream("Done", "."));
        using var response = await Proxy.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("x-protocols-conversion", out var codes), "a Claude Code request always loses something (cache_control at least)");
        Assert.NotEmpty(codes.Single());
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("Done.", SseEvents.Text(events));
        Assert.Equal("message_stop", events[^1].Name);

        using var sent = Upstream.LastChat.Json();
        Assert.Equal("gpt-4o", sent.RootElement.GetProperty("model").GetString());
        Assert.True(sent.RootElement.GetProperty("tools").GetArrayLength() >= 10);
        Assert.Equal("Bearer sk-upstream-secret-0123456789", Upstream.LastChat.Headers["authorization"]);
    }
}
