using System.Text;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>
/// Removes the configured API key(s) (whatever their format) and anything that looks like a key or token
/// (<see cref="ErrorTranslator.Redact"/>) from text bound for exceptions, logs and fixtures.
/// </summary>
// The one place the client adds the known secrets to ErrorTranslator.Redact's patterns (FixtureRedactor uses it too).
internal sealed class SecretScrubber(IReadOnlyCollection<string> secrets)
{
    /// <summary>The most upstream body kept on an exception.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public SecretScrubber(string? secret)
        : this(string.IsNullOrEmpty(secret) ? [] : [secret])
    {
    }

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
