using System.Net;
using System.Text;
using System.Text.Json;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Security;

public sealed class LimitsTests
{
    [Fact]
    public async Task BodyOverTheLimit_Is413RequestTooLarge_WithOrWithoutContentLength()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["MAX_BODY_SIZE"] = "64KB" });
        var big = AnthropicRequests.Simple(new string('a', 100_000));

        using var withLength = await proxy.Http.PostAsync("/v1/messages", new StringContent(big, Encoding.UTF8, "application/json"));
        await AssertTooLarge(withLength);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var withoutLength = await proxy.Http.SendAsync(request);
        await AssertTooLarge(withoutLength);
        Assert.Empty(upstream.Requests);

        using var small = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(new string('a', 1000)), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task DefaultBodyLimit_Is32MB()
    {
        await using var proxy = await TestProxy.StartAsync(null);
        Assert.Equal(32L * 1024 * 1024, proxy.Settings.MaxBodySize);
    }

    private static async Task AssertTooLarge(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("request_too_large", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OverTheConcurrencyLimit_Is429RateLimitError_AndHealthIsNotLimited()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.Chat = async context =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Script.Json(200, OpenAIPayloads.TextCompletion("late"))(context);
        };
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["MAX_CONCURRENT_REQUESTS"] = "1" });

        var first = proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var second = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("rate_limit_error", JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.True(second.Headers.Contains("retry-after"));
        using (var health = await proxy.Http.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        using var third = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }
}
