using Protocols.Client;
using Protocols.Translation;

namespace Protocols.Proxy.Configuration;

/// <summary>
/// <c>UPSTREAM_BASE_URL</c> as an <see cref="UpstreamEndpoint"/> (the client library's type, so loopback detection
/// and the URL rules are the same in both). A refused value is one <see cref="ProxyConfigurationException"/> line:
/// the setting, where it came from, then the reason and what to write instead.
/// </summary>
internal static class UpstreamBaseUrl
{
    /// <summary>The Anthropic API, for <c>BACKEND=anthropic</c> without <c>UPSTREAM_BASE_URL</c>.</summary>
    public const string AnthropicDefault = "https://api.anthropic.com";

    /// <summary>
    /// An OpenAI-compatible upstream, by the client's rules (<see cref="UpstreamEndpoint.TryNormalize"/>):
    /// <c>https://host</c>, <c>https://host/v1</c> (any version segment), or the full <c>…/chat/completions</c>
    /// URL with its query (Azure).
    /// </summary>
    /// <param name="value">The setting's value.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ProxyConfigurationException">The URL is none of the accepted spellings.</exception>
    public static UpstreamEndpoint ForOpenAI(string value, string source) =>
        UpstreamEndpoint.TryNormalize(value, out var endpoint, out var error) ? endpoint : throw Refused(source, error);

    /// <summary>
    /// The Anthropic API for passthrough: <c>https://host</c> or <c>https://host/v1</c>, optionally under a gateway
    /// path (<c>https://gateway/anthropic/v1</c>). The client library has no Anthropic upstream, so these few rules
    /// stay here; the result is still the shared <see cref="UpstreamEndpoint"/>.
    /// </summary>
    /// <param name="value">The setting's value.</param>
    /// <param name="source">Where it came from, for the message.</param>
    /// <returns>The endpoint: <see cref="UpstreamEndpoint.BaseUrl"/> is the root client paths (<c>/v1/…</c>) are appended to,
    /// <see cref="UpstreamEndpoint.ChatCompletions"/> its <c>/v1/messages</c>.</returns>
    /// <exception cref="ProxyConfigurationException">The URL is not of that form.</exception>
    public static UpstreamEndpoint ForAnthropic(string value, string source)
    {
        const string Write = "with BACKEND=anthropic write " + AnthropicDefault + " (or https://host/v1)";
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw Refused(source, $"'{ErrorTranslator.Redact(value)}' is not an http(s) URL: {Write}");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (uri.UserInfo.Length > 0)
        {
            // Never echoed: user info is where a key would be.
            throw Refused(source, $"the base URL must not carry user:password: write {uri.Scheme}://{uri.Authority}{path} and put the key in {SettingKeys.UpstreamApiKey}");
        }

        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        if (uri.Query.Length > 0 || path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused(source, $"'{ErrorTranslator.Redact(value)}' is not an Anthropic API base: {Write}");
        }

        var root = new UriBuilder(uri) { Path = path, Fragment = string.Empty }.Uri;
        return new UpstreamEndpoint(Under(root, "/v1/messages"), Under(root, "/v1/models"), root);
    }

    /// <summary>A client path under the upstream root, keeping the root's own path (a gateway prefix).</summary>
    /// <param name="root">The upstream root (<see cref="UpstreamEndpoint.BaseUrl"/> of <see cref="ForAnthropic"/>).</param>
    /// <param name="pathAndQuery">The path, starting with <c>/</c>, and query, if any.</param>
    /// <returns>The URL.</returns>
    public static Uri Under(Uri root, string pathAndQuery) => new(root.GetLeftPart(UriPartial.Authority) + root.AbsolutePath.TrimEnd('/') + pathAndQuery);

    private static ProxyConfigurationException Refused(string source, string reason) =>
        new($"{SettingKeys.UpstreamBaseUrl} (from {source}): {reason}");
}
