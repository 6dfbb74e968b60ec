using System.Text.RegularExpressions;

namespace Protocols.Translation;

// C75: upstream error messages are passed through, but never with a credential in them (OpenAI echoes a
// part of a wrong key; gateways echo headers and URLs with ?key=).
public static partial class ErrorTranslator
{
    private const string Redacted = "[REDACTED]";

    /// <summary>Removes keys and tokens from a text: <c>sk-…</c> and other vendor key formats, <c>Bearer …</c>,
    /// <c>api_key=…</c>-style pairs and query parameters, JWTs, and long random-looking tokens.</summary>
    /// <param name="text">The text (null is treated as empty).</param>
    /// <returns>The text with each secret replaced by <c>[REDACTED]</c>.</returns>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = BearerPattern().Replace(text, "${scheme} " + Redacted);
        text = NamedSecretPattern().Replace(text, "${name}${sep}" + Redacted);
        text = QuerySecretPattern().Replace(text, "${name}" + Redacted);
        text = VendorKeyPattern().Replace(text, Redacted);
        text = JwtPattern().Replace(text, Redacted);
        return LongTokenPattern().Replace(text, static m => LooksRandom(m.ValueSpan) ? Redacted : m.Value);
    }

    // A token is random-looking when it mixes letters and digits (long words and hex-free names survive).
    private static bool LooksRandom(ReadOnlySpan<char> token)
    {
        if (token.SequenceEqual(Redacted.AsSpan(1, Redacted.Length - 2)))
        {
            return false;
        }

        bool letter = false, digit = false;
        foreach (char c in token)
        {
            letter |= char.IsAsciiLetter(c);
            digit |= char.IsAsciiDigit(c);
        }

        return letter && digit;
    }

    [GeneratedRegex(@"\b(?<scheme>Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=\-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"(?<name>\b(?:x-)?(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|secret[_-]?key|secret|password|passwd|token|authorization)\b)(?<sep>[""']?\s*[:=]\s*[""']?)(?!\[REDACTED\]|(?:Bearer|Basic|Token)\b)[^\s""'&,;}\]]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedSecretPattern();

    [GeneratedRegex(@"(?<name>(?:[?&]|\b)(?:key|api[_-]?key|token|access_token|sig|signature)=)(?!\[REDACTED\])[^&\s""'#,;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuerySecretPattern();

    // sk-… (OpenAI, Anthropic sk-ant-…, DeepSeek, OpenRouter sk-or-…), Google AIza…, GitHub gh?_…, Slack xox?-…,
    // AWS AKIA…, Hugging Face hf_…, Groq gsk_…, xAI xai-….
    [GeneratedRegex(@"\b(?:(?:sk|pk|rk)-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|gh[pousr]_[A-Za-z0-9]{16,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}|hf_[A-Za-z0-9]{16,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex VendorKeyPattern();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JwtPattern();

    // 32+ alphanumerics in one run (Mistral, Together … keys), or 40+ with - and _ (session tokens).
    // UUIDs (36 with dashes, hex groups ≤ 12) stay readable: they are request ids, not secrets.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?:[A-Za-z0-9]{32,}|[A-Za-z0-9_\-]{40,})(?![A-Za-z0-9_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex LongTokenPattern();
}
