using System.Text;
using System.Text.Json;
using Xunit;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>A test class with a fresh fake upstream and a proxy in front of it for every test.</summary>
public abstract class ProxyTest : IAsyncLifetime
{
    protected FakeUpstream Upstream { get; private set; } = null!;

    protected TestProxy Proxy { get; private set; } = null!;

    /// <summary>Settings for this class's proxy (besides the upstream's URL and key).</summary>
    protected virtual IDictionary<string, string?>? Environment => null;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Proxy = await TestProxy.StartAsync(Upstream, Environment);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>Posts JSON to the proxy (or <paramref name="proxy"/>); with a stream, returns at the headers.</summary>
    protected Task<HttpResponseMessage> PostAsync(string body, string path = "/v1/messages", TestProxy? proxy = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return (proxy ?? Proxy).Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
