using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json;
using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>
/// Reads a client's Anthropic request body. Anything malformed (bad JSON, a missing <c>model</c>,
/// <c>messages</c> or <c>max_tokens</c>, a wrong type) is a 400 <c>invalid_request_error</c> whose message
/// starts with the field path, e.g. <c>messages[2].content[0].text: expected string, found number</c>;
/// never a 422 or a 500 (C74). Unknown members are kept (and later reported, C05), and system blocks
/// that are not text are skipped rather than refused (C03).
/// </summary>
public static class AnthropicRequestReader
{
    // System blocks skipped while reading, per parsed request, for the conversion report (C03).
    private static readonly ConditionalWeakTable<object, List<string>> SkippedSystem = new();

    /// <summary>Reads a <c>POST /v1/messages</c> body.</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TranslationException">A 400 naming the field: the body is not a valid Messages request.</exception>
    public static CreateMessageParams Parse(ReadOnlySpan<byte> body)
    {
        var request = Read<CreateMessageParams>(body);
        RequireMessages(request.Messages);
        if (string.IsNullOrEmpty(request.Model.Value))
        {
            throw TranslationException.InvalidRequest("model: must not be empty");
        }

        if (request.MaxTokens < 1)
        {
            throw TranslationException.InvalidRequest("max_tokens: must be at least 1");
        }

        return request;
    }

    /// <summary>Reads a <c>POST /v1/messages/count_tokens</c> body (no <c>max_tokens</c> needed).</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TranslationException">A 400 naming the field: the body is not a valid count-tokens request.</exception>
    public static CountMessageTokensParams ParseCountTokens(ReadOnlySpan<byte> body)
    {
        var request = Read<CountMessageTokensParams>(body);
        RequireMessages(request.Messages);
        return request;
    }

    /// <summary>Whether the reader skipped system blocks in <paramref name="request"/> (their notes come from <see cref="ReportSkippedSystemBlocks"/>).</summary>
    /// <param name="request">A request returned by <see cref="Parse"/>.</param>
    /// <returns>Whether any were skipped.</returns>
    internal static bool HasSkippedSystemBlocks(CreateMessageParams request) => SkippedSystem.TryGetValue(request, out _);

    /// <summary>Adds a report note for every system block the reader skipped in <paramref name="request"/>.</summary>
    /// <param name="request">A request returned by <see cref="Parse"/>.</param>
    /// <param name="context">The request context whose report gets the notes.</param>
    internal static void ReportSkippedSystemBlocks(CreateMessageParams request, RequestContext context)
    {
        if (SkippedSystem.TryGetValue(request, out var skipped))
        {
            foreach (var note in skipped)
            {
                context.Report.Add(ConversionCodes.BlockReplaced, note);
            }
        }
    }

    private static T Read<T>(ReadOnlySpan<byte> body)
        where T : class, IJsonModel<T>
    {
        try
        {
            return JsonModel.Parse<T>(body);
        }
        catch (ProtocolJsonException error)
        {
            // C03: a non-text block in `system` is skipped, not refused; the typed reader only knows text
            // blocks there, so retry once without them.
            if (error.JsonPath.StartsWith("$.system[", StringComparison.Ordinal) && WithoutNonTextSystemBlocks(body) is var (cleaned, skipped, kept))
            {
                T request;
                try
                {
                    request = JsonModel.Parse<T>(cleaned);
                }
                catch (ProtocolJsonException second)
                {
                    throw Invalid(second, kept);
                }

                SkippedSystem.AddOrUpdate(request, skipped);
                return request;
            }

            throw Invalid(error);
        }
    }

    private static TranslationException Invalid(ProtocolJsonException error, List<int>? keptSystemBlocks = null)
    {
        string path = error.MemberPath;

        // After skipping system blocks, name the client's index, not the index in the cleaned body.
        const string Prefix = "system[";
        int close = path.IndexOf(']', StringComparison.Ordinal);
        if (keptSystemBlocks is not null
            && close > Prefix.Length
            && path.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(path.AsSpan(Prefix.Length, close - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && index < keptSystemBlocks.Count)
        {
            path = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{keptSystemBlocks[index]}{path.AsSpan(close)}");
        }

        return TranslationException.InvalidRequest((path.Length == 0 ? "request body" : path) + ": " + error.Reason);
    }

    private static void RequireMessages(List<InputMessage> messages)
    {
        if (messages.Count == 0)
        {
            throw TranslationException.InvalidRequest("messages: at least one message is required");
        }
    }

    private static (byte[] Body, List<string> Skipped, List<int> Kept)? WithoutNonTextSystemBlocks(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject obj || obj["system"] is not JsonArray system)
        {
            return null;
        }

        var skipped = new List<string>();
        var kept = new List<int>(system.Count);
        for (int i = system.Count - 1; i >= 0; i--)
        {
            // Text blocks stay, even malformed ones: their errors are the client's to see (C74).
            string? type = system[i] is JsonObject block && block["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
            if (type != "text")
            {
                skipped.Insert(0, string.Create(CultureInfo.InvariantCulture, $"system[{i}]: {type ?? "untyped"} block skipped (the system prompt carries text only)"));
                system.RemoveAt(i);
            }
            else
            {
                kept.Insert(0, i);
            }
        }

        if (skipped.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            root.WriteTo(writer);
        }

        return (buffer.WrittenSpan.ToArray(), skipped, kept);
    }
}
