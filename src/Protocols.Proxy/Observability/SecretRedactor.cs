using System.Text;
using Protocols.Client;

namespace Protocols.Proxy.Observability;

/// <summary>Makes bodies safe to log: the upstream key and anything key-like removed (<see cref="SecretScrubber"/>), length capped.</summary>
// Not a second redactor: the patterns are SecretScrubber's (ErrorTranslator.Redact's plus the configured key); this adds the UTF-8 decode and the log-size cap.
internal static class SecretRedactor
{
    private const int MaxLoggedChars = 16 * 1024;

    /// <summary>A body as loggable text.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <param name="scrubber">The known secrets.</param>
    /// <returns>The redacted, truncated text.</returns>
    public static string Body(ReadOnlySpan<byte> body, SecretScrubber scrubber)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxLoggedChars * 2 ? body[..(MaxLoggedChars * 2)] : body);
        if (text.Length > MaxLoggedChars)
        {
            text = text[..MaxLoggedChars] + $"… ({body.Length} bytes)";
        }

        return scrubber.Scrub(text);
    }
}
