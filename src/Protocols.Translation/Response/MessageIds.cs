namespace Protocols.Translation;

/// <summary>Identifiers the translation mints: <c>msg_…</c> for messages (C41), <c>toolu_…</c> for tool calls (C45).</summary>
/// <remarks>
/// Ids only have to be unique, not secret (they name a message the client already has): they come from
/// <see cref="Random.Shared"/> (143 random bits per id), not the cryptographic generator, which costs a call into
/// the system's crypto library per id on the proxy's hot path.
/// </remarks>
internal static class MessageIds
{
    // Base62, like Anthropic's own ids: safe in URLs, headers and the tool_use id pattern ^[a-zA-Z0-9_-]+$.
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new message id: <c>msg_</c> and 24 random base62 characters (never the upstream <c>chatcmpl-…</c> id).</summary>
    /// <returns>The id.</returns>
    public static string NewMessageId() => New("msg_");

    /// <summary>A new tool-use id: <c>toolu_</c> and 24 random base62 characters.</summary>
    /// <returns>The id.</returns>
    public static string NewToolUseId() => New("toolu_");

    private static string New(string prefix) => string.Create(prefix.Length + 24, prefix, static (span, p) =>
    {
        p.AsSpan().CopyTo(span);
        Random.Shared.GetItems(Alphabet.AsSpan(), span[p.Length..]);
    });
}
