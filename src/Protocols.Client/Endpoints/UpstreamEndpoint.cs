using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>
/// Where an OpenAI-compatible backend lives. Three spellings of the base URL are accepted (the same rules as
/// the proxy's <c>UPSTREAM_BASE_URL</c>): <c>https://host</c> (the API is under <c>/v1</c>),
/// <c>https://host/v1</c> (any path ending in a version segment: <c>/v1</c>, <c>/api/v1</c>, <c>/v1beta</c>,
/// <c>/openai/v1</c>), or the full <c>…/chat/completions</c> URL, kept as written with its query (Azure-style
/// deployments: <c>…/deployments/x/chat/completions?api-version=…</c>).
/// </summary>
/// <param name="ChatCompletions">The URL chat completions are posted to.</param>
/// <param name="Models">The URL of the model list (<c>GET</c>).</param>
/// <param name="BaseUrl">The API base: the URL without <c>/chat/completions</c> and without a query.</param>
public sealed partial record UpstreamEndpoint(Uri ChatCompletions, Uri Models, Uri BaseUrl)
{
    private const string ChatSuffix = "/chat/completions";

    /// <summary>
    /// Whether the configuration points at this machine: <c>localhost</c>, an address in <c>127.0.0.0/8</c>, or <c>::1</c>.
    /// An IPv4-mapped address (<c>::ffff:127.0.0.1</c>) is deliberately not a loopback configuration.
    /// </summary>
    public bool IsLoopback => IsLoopbackHost(ChatCompletions.IdnHost);

    /// <summary>Normalizes a base URL.</summary>
    /// <param name="baseUrl">The URL as configured.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException">The URL is none of the accepted spellings; the message says what to write.</exception>
    public static UpstreamEndpoint Normalize(string baseUrl) =>
        TryNormalize(baseUrl, out var endpoint, out var error) ? endpoint : throw new ArgumentException(error, nameof(baseUrl));

    /// <summary>
    /// Normalizes a base URL without throwing, for hosts that report configuration errors their own way (the proxy
    /// prefixes the setting's name and source to <paramref name="error"/>).
    /// </summary>
    /// <param name="baseUrl">The URL as configured.</param>
    /// <param name="endpoint">The endpoint, when the URL is accepted.</param>
    /// <param name="error">
    /// What is wrong and what to write instead, when it is not: one line, quoting the URL without user info and with
    /// key-like values redacted, so it is safe to print.
    /// </param>
    /// <returns>True when the URL is accepted.</returns>
    public static bool TryNormalize(string? baseUrl, [NotNullWhen(true)] out UpstreamEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(baseUrl)
            || !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            error = $"{Shown(baseUrl)} is not an http(s) URL: write https://host, https://host/v1 or https://host/v1/chat/completions";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            // A key in the URL would end up in logs and fixtures: it belongs in the credential.
            error = $"the base URL must not carry user:password: write {Shown(baseUrl)} and configure the key as the credential instead";
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(ChatSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var root = new UriBuilder(uri) { Path = path[..^ChatSuffix.Length], Query = string.Empty, Fragment = string.Empty }.Uri;
            var chat = new UriBuilder(uri) { Path = path, Fragment = string.Empty }.Uri;
            endpoint = new UpstreamEndpoint(chat, Append(root, "/models", uri.Query), root);
            error = null;
            return true;
        }

        string basePath;
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
            error = $"{Shown(baseUrl)} is not a base URL: write {uri.Scheme}://{uri.Authority}, {uri.Scheme}://{uri.Authority}/v1, " +
                $"or the full URL ending in /chat/completions (e.g. {uri.Scheme}://{uri.Authority}{path}/chat/completions)";
            return false;
        }

        if (uri.Query.Length > 0)
        {
            error = $"{Shown(baseUrl)} has a query string: give the full URL ending in /chat/completions?… instead";
            return false;
        }

        var apiRoot = new UriBuilder(uri) { Path = basePath, Fragment = string.Empty }.Uri;
        endpoint = new UpstreamEndpoint(Append(apiRoot, ChatSuffix, string.Empty), Append(apiRoot, "/models", string.Empty), apiRoot);
        error = null;
        return true;
    }

    /// <summary>Whether a host name or address literal names this machine (see <see cref="IsLoopback"/>).</summary>
    /// <param name="host">The host, with or without IPv6 brackets.</param>
    /// <returns>True for <c>localhost</c>, <c>127.0.0.0/8</c> and <c>::1</c>.</returns>
    public static bool IsLoopbackHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var ip) && !ip.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(ip);
    }

    // The URL as an error message may quote it: without user info, key-like values redacted.
    private static string Shown(string? baseUrl)
    {
        var text = baseUrl?.Trim() ?? string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            text = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        }

        return $"'{ErrorTranslator.Redact(text)}'";
    }

    private static Uri Append(Uri root, string suffix, string query) =>
        new UriBuilder(root) { Path = root.AbsolutePath.TrimEnd('/') + suffix, Query = query.TrimStart('?') }.Uri;

    [GeneratedRegex(@"/v\d+(alpha|beta)?\d*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
