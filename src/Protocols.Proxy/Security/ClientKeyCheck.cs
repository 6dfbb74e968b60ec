using System.Security.Cryptography;
using System.Text;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;

namespace Protocols.Proxy.Security;

/// <summary>
/// Client authentication when keys are configured (<c>PROXY_API_KEYS</c> / <c>PROXY_API_KEY_SHA256</c>):
/// the key comes in <c>x-api-key</c> (Anthropic SDKs) or <c>Authorization: Bearer</c> (Claude Code with
/// <c>ANTHROPIC_AUTH_TOKEN</c>); its SHA-256 is compared with every configured hash in constant time,
/// so neither a key's length nor its first differing byte shows in the timing. Everything but
/// <c>/health</c> is covered.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="settings">The settings.</param>
internal sealed class ClientKeyCheck(RequestDelegate next, ProxySettings settings)
{
    /// <summary>Checks the key, then runs the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public Task InvokeAsync(HttpContext context)
    {
        if (settings.ClientKeyHashes.Count == 0 || context.Request.Path.StartsWithSegments("/health"))
        {
            return next(context);
        }

        var key = PresentedKey(context.Request);
        if (key is null)
        {
            return AnthropicErrors.WriteAsync(context, 401, "authentication_error", "missing API key: send it in x-api-key or Authorization: Bearer");
        }

        return IsAccepted(key, settings.ClientKeyHashes)
            ? next(context)
            : AnthropicErrors.WriteAsync(context, 401, "authentication_error", "invalid API key");
    }

    /// <summary>Whether <paramref name="key"/> hashes to one of <paramref name="hashes"/> (all are compared).</summary>
    /// <param name="key">The presented key.</param>
    /// <param name="hashes">The accepted SHA-256 hashes.</param>
    /// <returns>True when accepted.</returns>
    public static bool IsAccepted(ReadOnlySpan<char> key, IReadOnlyList<byte[]> hashes)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        CryptographicOperations.ZeroMemory(utf8);
        var accepted = false;
        foreach (var candidate in hashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return accepted;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers["x-api-key"] is { Count: > 0 } apiKey && !string.IsNullOrEmpty(apiKey[0]))
        {
            return apiKey[0];
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
