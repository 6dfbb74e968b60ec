namespace Protocols.Translation;

/// <summary>
/// C45: Anthropic requires tool-use ids matching <c>^[a-zA-Z0-9_-]+$</c>, unique within a message. Backends
/// send none, empty ones, or ids like <c>functions.Bash:0</c> (Kimi); those are reduced or replaced.
/// </summary>
internal static class ToolCallIds
{
    /// <summary>The id to give a tool call: the upstream id when it is valid and unused, else a reduced or new one.</summary>
    /// <param name="upstreamId">The id the backend sent, if any.</param>
    /// <param name="used">Ids already given in this message; the result is added.</param>
    /// <param name="report">Where a replacement is recorded (null: not recorded).</param>
    /// <returns>A valid, unique id.</returns>
    public static string Assign(string? upstreamId, HashSet<string> used, ConversionReport? report)
    {
        string id;
        if (string.IsNullOrWhiteSpace(upstreamId))
        {
            id = MessageIds.NewToolUseId();
            report?.Add(ConversionCodes.ToolCallIdReplaced, $"a tool call without an id was given '{id}'");
        }
        else
        {
            id = Reduce(upstreamId);
            if (used.Contains(id))
            {
                id = MessageIds.NewToolUseId();
            }

            if (!string.Equals(id, upstreamId, StringComparison.Ordinal))
            {
                report?.Add(ConversionCodes.ToolCallIdReplaced, $"tool call id '{upstreamId}' was replaced by '{id}'");
            }
        }

        used.Add(id);
        return id;
    }

    /// <summary>Replaces every character outside <c>[A-Za-z0-9_-]</c> with <c>_</c> (<c>functions.Bash:0</c> → <c>functions_Bash_0</c>).</summary>
    /// <param name="id">A non-empty id.</param>
    /// <returns>The reduced id (the same instance when nothing changed).</returns>
    public static string Reduce(string id)
    {
        int i = 0;
        while (i < id.Length && IsAllowed(id[i]))
        {
            i++;
        }

        if (i == id.Length)
        {
            return id;
        }

        // Replacing rather than removing keeps distinct ids distinct (a.b vs ab).
        return string.Create(id.Length, id, static (span, source) =>
        {
            for (int j = 0; j < source.Length; j++)
            {
                span[j] = IsAllowed(source[j]) ? source[j] : '_';
            }
        });
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';
}
