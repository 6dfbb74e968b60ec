using System.Net;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Demo;

namespace Protocols.Proxy.Upstream;

/// <summary>The one HTTP handler shared by every upstream request.</summary>
/// <remarks>
/// Not the client's <c>UpstreamHttpHandler</c>: that one guards against SSRF and bypasses HTTP proxies, while the
/// proxy's upstream is the operator's own setting (often on the LAN) and must honour <c>HTTPS_PROXY</c>.
/// </remarks>
internal static class UpstreamHandler
{
    /// <summary>Creates the handler: the demo upstream, or a tuned <see cref="SocketsHttpHandler"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The handler.</returns>
    public static HttpMessageHandler Create(ProxySettings settings)
    {
        if (settings.IsDemo)
        {
            return new DemoUpstreamHandler();
        }

        return new SocketsHttpHandler
        {
            // Defaults are conservative for a proxy: many concurrent streams to one host.
            MaxConnectionsPerServer = settings.MaxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = settings.ConnectTimeout,
            // A loopback upstream never goes through an HTTP proxy; others honour HTTPS_PROXY as usual.
            UseProxy = !settings.Upstream!.IsLoopback,
            // Passthrough is byte for byte (content-encoding included); translation needs plain JSON.
            AutomaticDecompression = settings.Backend == BackendKind.Anthropic ? DecompressionMethods.None : DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
        };
    }
}
