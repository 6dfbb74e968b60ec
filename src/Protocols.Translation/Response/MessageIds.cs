using System.Security.Cryptography;

namespace Protocols.Translation;

/// <summary>Identifiers the translation mints: <c>msg_…</c> for messages (C41), <c>toolu_…</c> for tool calls (C45).</summary>
internal static class MessageIds
{
    // Base62, like Anthropic's own ids: safe in URLs, headers and the tool_use id pattern ^[a-zA-Z0-9_-]+$.
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new message id: <c>msg_</c> and 24 random base62 characters (never the upstream <c>chatcmpl-…</c> id).</summary>
    /// <returns>The id.</returns>
    public static string NewMessageId() => "msg_" + RandomNumberGenerator.GetString(Alphabet, 24);

    /// <summary>A new tool-use id: <c>toolu_</c> and 24 random base62 characters.</summary>
    /// <returns>The id.</returns>
    public static string NewToolUseId() => "toolu_" + RandomNumberGenerator.GetString(Alphabet, 24);
}
