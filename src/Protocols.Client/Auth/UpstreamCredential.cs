using System.Net.Http.Headers;

namespace Protocols.Client;

/// <summary>
/// The credential sent to the backend. The key is held privately: <see cref="ToString"/>, logs and exception
/// messages never show it, and error bodies that echo it have it removed.
/// </summary>
public sealed class UpstreamCredential
{
    private readonly string? _secret;

    private UpstreamCredential(UpstreamAuthScheme scheme, string? headerName, string? secret)
    {
        Scheme = scheme;
        HeaderName = headerName;
        _secret = secret;
    }

    /// <summary>No credential (keyless local backends).</summary>
    public static UpstreamCredential None { get; } = new(UpstreamAuthScheme.None, null, null);

    /// <summary>How the key is sent.</summary>
    public UpstreamAuthScheme Scheme { get; }

    /// <summary>The header carrying the key: <c>Authorization</c> for <see cref="UpstreamAuthScheme.Bearer"/>, the custom name for <see cref="UpstreamAuthScheme.Header"/>, null for none.</summary>
    public string? HeaderName { get; }

    /// <summary>The key, for code inside this library that must compare or send it.</summary>
    internal string? Secret => _secret;

    /// <summary>A bearer token: <c>Authorization: Bearer &lt;apiKey&gt;</c>.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public static UpstreamCredential Bearer(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return new UpstreamCredential(UpstreamAuthScheme.Bearer, "Authorization", apiKey.Trim());
    }

    /// <summary>The key in a custom header, e.g. <c>Header("api-key", key)</c> for Azure OpenAI.</summary>
    /// <param name="headerName">The header name.</param>
    /// <param name="apiKey">The key.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The header name or the key is empty.</exception>
    public static UpstreamCredential Header(string headerName, string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return new UpstreamCredential(UpstreamAuthScheme.Header, headerName.Trim(), apiKey.Trim());
    }

    /// <summary>A bearer credential for a key, or <see cref="None"/> when the key is null or empty.</summary>
    /// <param name="apiKey">The key, or null.</param>
    /// <returns>The credential.</returns>
    public static UpstreamCredential FromApiKey(string? apiKey) => string.IsNullOrWhiteSpace(apiKey) ? None : Bearer(apiKey);

    /// <summary>Adds the credential to a request.</summary>
    /// <param name="request">The request.</param>
    internal void Apply(HttpRequestMessage request)
    {
        switch (Scheme)
        {
            case UpstreamAuthScheme.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
                break;
            case UpstreamAuthScheme.Header:
                request.Headers.TryAddWithoutValidation(HeaderName!, _secret);
                break;
        }
    }

    /// <summary>Describes the credential without the key.</summary>
    /// <returns>e.g. <c>Bearer [REDACTED]</c>, <c>api-key: [REDACTED]</c>, <c>none</c>.</returns>
    public override string ToString() => Scheme switch
    {
        UpstreamAuthScheme.Bearer => "Bearer [REDACTED]",
        UpstreamAuthScheme.Header => HeaderName + ": [REDACTED]",
        _ => "none",
    };
}
