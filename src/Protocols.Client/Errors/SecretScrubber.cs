using System.Text;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>
/// Removes the configured API key(s) (whatever their format) and anything that looks like a key or token
/// (<see cref="ErrorTranslator.Redact"/>) from text bound for exceptions, logs and fixtures. An upstream may echo the
/// key it was sent ("Invalid API key: token-abc123"), and a configured key need not look like one.
/// </summary>
/// <param name="secrets">The known secrets (values shorter than 4 characters are ignored: they would erase ordinary text).</param>
// The one place the known secrets are added to ErrorTranslator.Redact's patterns (the client, its FixtureRedactor and the proxy use it).
public sealed class SecretScrubber(IReadOnlyCollection<string> secrets)
{
    /// <summary>The most upstream body kept on an exception.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Creates a scrubber for one secret (or none).</summary>
    /// <param name="secret">The secret, or null/empty for none.</param>
    public SecretScrubber(string? secret)
        : this(string.IsNullOrEmpty(secret) ? [] : [secret])
    {
    }

    /// <summary>The text with every known secret and key-like token replaced by <c>[REDACTED]</c>.</summary>
    /// <param name="text">The text (null is empty).</param>
    /// <returns>The scrubbed text.</returns>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in secrets)
        {
            // Shorter values would also erase ordinary text.
            if (secret.Length >= 4)
            {
                text = text.Replace(secret, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return ErrorTranslator.Redact(text);
    }

    /// <summary>The first <see cref="MaxBodyBytes"/> of a UTF-8 body, scrubbed.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The scrubbed text, or null for an empty body.</returns>
    public string? ScrubBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var slice = body[..Math.Min(body.Length, MaxBodyBytes)];
        return Scrub(Encoding.UTF8.GetString(slice));
    }
}
