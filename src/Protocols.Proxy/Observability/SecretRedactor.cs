using System.Text;
using Protocols.Translation;

namespace Protocols.Proxy.Observability;

/// <summary>Makes bodies safe to log: keys and tokens removed (the translation's redactor), length capped.</summary>
// Not a second redactor: the patterns are ErrorTranslator.Redact's only; this adds the UTF-8 decode and the log-size cap.
internal static class SecretRedactor
{
    private const int MaxLoggedChars = 16 * 1024;

    /// <summary>A body as loggable text.</summary>
    /// <param name="body">The UTF-8 body.</param>
    /// <returns>The redacted, truncated text.</returns>
    public static string Body(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxLoggedChars * 2 ? body[..(MaxLoggedChars * 2)] : body);
        if (text.Length > MaxLoggedChars)
        {
            text = text[..MaxLoggedChars] + $"… ({body.Length} bytes)";
        }

        return ErrorTranslator.Redact(text);
    }
}
