using System.Net;
using System.Text.RegularExpressions;

namespace Protocols.Proxy.Configuration;

/// <summary>
/// Where the upstream lives, from <c>UPSTREAM_BASE_URL</c>. Three spellings are accepted, as in
/// anthropic-proxy-rs: <c>https://host</c> (the API is under <c>/v1</c>), <c>https://host/v1</c> (any
/// path ending in a version segment such as <c>/v1</c>, <c>/api/v1</c>, <c>/v1beta</c>), or the full
/// <c>…/chat/completions</c> URL (kept as written, query included, for Azure-style deployments).
/// </summary>
/// <param name="ChatCompletions">The URL chat completions are posted to.</param>
/// <param name="Models">The URL of the model list.</param>
/// <param name="BaseUrl">The API base (the URL without <c>/chat/completions</c>).</param>
internal sealed partial record UpstreamEndpoint(Uri ChatCompletions, Uri Models, Uri BaseUrl)
{
    /// <summary>Whether the upstream host is a loopback address (then no HTTP proxy is used).</summary>
    public bool IsLoopback => ChatCompletions.IsLoopback
        || (IPAddress.TryParse(ChatCompletions.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Normalizes an OpenAI-compatible base URL.</summary>
    /// <param name="value">The setting's value.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ProxyConfigurationException">The URL is none of the accepted spellings.</exception>
    public static UpstreamEndpoint ForOpenAI(string value, string source)
    {
        var uri = ParseAbsolute(value, source);
        var path = uri.AbsolutePath.TrimEnd('/');
        string basePath;
        if (path.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase))
        {
            basePath = path[..^"/chat/completions".Length];
            var chat = new UriBuilder(uri) { Path = path }.Uri;
            var baseUri = new UriBuilder(uri) { Path = basePath, Query = string.Empty }.Uri;
            return new UpstreamEndpoint(chat, Append(baseUri, "/models", uri.Query), baseUri);
        }

        if (path.Length == 0)
        {
            basePath = "/v1";
        }
        else if (VersionSegment().IsMatch(path))
        {
            basePath = path;
        }
        else
        {
            throw new ProxyConfigurationException(
                $"UPSTREAM_BASE_URL={value} (from {source}) is not a base URL: write {uri.Scheme}://{uri.Authority}, " +
                $"{uri.Scheme}://{uri.Authority}/v1, or the full URL ending in /chat/completions (e.g. {uri.Scheme}://{uri.Authority}{path}/chat/completions)");
        }

        if (uri.Query.Length > 0)
        {
            throw new ProxyConfigurationException(
                $"UPSTREAM_BASE_URL={value} (from {source}) has a query string: give the full URL ending in /chat/completions?… instead");
        }

        var root = new UriBuilder(uri) { Path = basePath }.Uri;
        return new UpstreamEndpoint(Append(root, "/chat/completions", string.Empty), Append(root, "/models", string.Empty), root);
    }

    /// <summary>Normalizes the Anthropic API base for passthrough (<c>https://host</c> or <c>https://host/v1</c>).</summary>
    /// <param name="value">The setting's value.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <returns>The endpoint; <see cref="BaseUrl"/> is the host root that client paths are appended to.</returns>
    /// <exception cref="ProxyConfigurationException">The URL is not of that form.</exception>
    public static UpstreamEndpoint ForAnthropic(string value, string source)
    {
        var uri = ParseAbsolute(value, source);
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        if (uri.Query.Length > 0 || path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProxyConfigurationException(
                $"UPSTREAM_BASE_URL={value} (from {source}) is not an Anthropic API base: with BACKEND=anthropic write https://api.anthropic.com");
        }

        var root = new UriBuilder(uri) { Path = path }.Uri;
        return new UpstreamEndpoint(Append(root, "/v1/messages", string.Empty), Append(root, "/v1/models", string.Empty), root);
    }

    private static Uri ParseAbsolute(string value, string source)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new ProxyConfigurationException(
                $"UPSTREAM_BASE_URL={value} (from {source}) is not an http(s) URL: write https://host, https://host/v1 or https://host/v1/chat/completions");
        }

        return uri;
    }

    private static Uri Append(Uri root, string suffix, string query)
    {
        var b = new UriBuilder(root) { Path = root.AbsolutePath.TrimEnd('/') + suffix, Query = query.TrimStart('?') };
        return b.Uri;
    }

    [GeneratedRegex(@"/v\d+(alpha|beta)?\d*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
