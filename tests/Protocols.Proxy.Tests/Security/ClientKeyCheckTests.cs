using System.Net;
using System.Text;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Security;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Security;

public sealed class ClientKeyCheckTests
{
    internal static bool Accepts(string key, ProxySettings settings) => ClientKeyCheck.IsAccepted(key, settings.ClientKeyHashes);

    [Fact]
    public async Task WithKeys_XApiKeyOrBearer_IsRequired_ExceptForHealth()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["PROXY_API_KEYS"] = "client-key-1, client-key-2" });

        async Task<HttpResponseMessage> Send(string? header, string? value)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json") };
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }

            return await proxy.Http.SendAsync(request);
        }

        using (var ok1 = await Send("x-api-key", "client-key-1"))
        {
            Assert.Equal(HttpStatusCode.OK, ok1.StatusCode);
        }

        using (var ok2 = await Send("Authorization", "Bearer client-key-2"))
        {
            Assert.Equal(HttpStatusCode.OK, ok2.StatusCode);
        }

        foreach (var (h, v) in new (string?, string?)[] { (null, null), ("x-api-key", "client-key-3"), ("Authorization", "Basic abc"), ("x-api-key", "client-key-1x") })
        {
            using var denied = await Send(h, v);
            Assert.Equal("authentication_error", await AnthropicError.TypeAsync(denied, HttpStatusCode.Unauthorized));
        }

        Assert.Equal(2, upstream.Requests.Count);
        using var health = await proxy.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var models = await proxy.Http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
    }

    [Fact]
    public async Task Secrets_NeverReachTheLogs_EvenVerbose()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Chat = Script.Json(401, OpenAIPayloads.Error("Incorrect API key provided: sk-upstream-secret-0123456789"));
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?>
        {
            ["PROXY_API_KEYS"] = "client-secret-key-42",
            ["DEBUG"] = "true",
            ["VERBOSE"] = "true",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(AnthropicRequests.Simple("my sk-user-secret-abcdefghijklmnop"), Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", "client-secret-key-42");
        using var response = await proxy.Http.SendAsync(request);
        using var request2 = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request2.Headers.Add("Authorization", "Bearer client-secret-key-42");
        using var response2 = await proxy.Http.SendAsync(request2);

        var logs = proxy.Logs.All;
        Assert.Contains("received POST /v1/messages", logs);   // DEBUG is on
        Assert.Contains("request body", logs);                  // VERBOSE is on
        Assert.DoesNotContain("client-secret-key-42", logs);
        Assert.DoesNotContain("sk-upstream-secret-0123456789", logs);
        Assert.DoesNotContain("sk-user-secret-abcdefghijklmnop", logs);
    }
}
