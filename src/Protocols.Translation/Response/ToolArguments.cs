using System.Buffers;
using System.Text.Json;
using System.Text;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>
/// C44: tool-call arguments arrive as a JSON string that some backends get wrong (code fences, trailing
/// commas, prose around the object, a truncated object, a double-encoded string). Anthropic needs an
/// object: repair where possible, else <c>{}</c> with the raw text in the report; never an exception.
/// </summary>
internal static class ToolArguments
{
    private const int MaxReportedLength = 2000;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 256 };

    private static readonly JsonDocumentOptions Lenient = new()
    {
        MaxDepth = 256,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly JsonElement EmptyObject = ParseElement("{}", Strict)!.Value;

    /// <summary>How the arguments were read.</summary>
    public enum Outcome
    {
        /// <summary>Valid JSON object (or no arguments at all).</summary>
        Valid,

        /// <summary>Not valid JSON, repaired into an object.</summary>
        Repaired,

        /// <summary>Not repairable: <c>{}</c>.</summary>
        Invalid,
    }

    /// <summary>Reads tool-call arguments as a JSON object, repairing or falling back to <c>{}</c>, and records what happened.</summary>
    /// <param name="raw">The arguments string.</param>
    /// <param name="toolName">The tool's name, for the report.</param>
    /// <param name="report">Where repairs and failures are recorded (null: not recorded).</param>
    /// <returns>A JSON object.</returns>
    public static JsonElement Parse(string? raw, string toolName, ConversionReport? report)
    {
        var input = Parse(raw, out var outcome);
        switch (outcome)
        {
            case Outcome.Repaired:
                report?.Add(ConversionCodes.ToolArgumentsRepaired, $"arguments of tool '{toolName}' were not valid JSON and were repaired");
                break;
            case Outcome.Invalid:
                report?.Add(ConversionCodes.ToolArgumentsInvalid, $"arguments of tool '{toolName}' are not valid JSON; input set to {{}}; raw: {Truncate(raw ?? string.Empty)}");
                break;
        }

        return input;
    }

    /// <summary>Reads tool-call arguments as a JSON object.</summary>
    /// <param name="raw">The arguments string.</param>
    /// <param name="outcome">Whether they were valid, repaired, or unusable.</param>
    /// <returns>A JSON object (<c>{}</c> when unusable).</returns>
    public static JsonElement Parse(string? raw, out Outcome outcome)
    {
        outcome = Outcome.Valid;
        if (string.IsNullOrWhiteSpace(raw))
        {
            // No arguments: some backends send "" for a tool without parameters.
            return EmptyObject;
        }

        var strict = ParseElement(raw, Strict);
        if (strict is { ValueKind: JsonValueKind.Object } obj)
        {
            return obj;
        }

        outcome = Outcome.Repaired;
        if (strict is { ValueKind: JsonValueKind.String } inner && ParseElement(inner.GetString()!, Lenient) is { ValueKind: JsonValueKind.Object } decoded)
        {
            // Double-encoded: "{\"a\":1}".
            return decoded;
        }

        if (strict is { ValueKind: JsonValueKind.Null })
        {
            outcome = Outcome.Valid;
            return EmptyObject;
        }

        var candidate = StripCodeFence(raw.Trim());
        if (ParseElement(candidate, Lenient) is { ValueKind: JsonValueKind.Object } lenient)
        {
            return lenient;
        }

        int start = candidate.IndexOf('{', StringComparison.Ordinal);
        if (start >= 0)
        {
            // Prose around the object: take the first '{' to the last '}'.
            int end = candidate.LastIndexOf('}');
            if (end > start && ParseElement(candidate[start..(end + 1)], Lenient) is { ValueKind: JsonValueKind.Object } inside)
            {
                return inside;
            }

            // Truncated (e.g. by max_tokens): close open strings, arrays and objects; worth it only when
            // something was recovered.
            if (CloseTruncated(candidate[start..]) is { } closed
                && ParseElement(closed, Lenient) is { ValueKind: JsonValueKind.Object } completed
                && completed.EnumerateObject().Any())
            {
                return completed;
            }
        }

        outcome = Outcome.Invalid;
        return EmptyObject;
    }

    /// <summary>Whether the accumulated arguments are one complete JSON object or array (trailing whitespace allowed).</summary>
    /// <param name="text">The accumulated arguments.</param>
    /// <returns>True when complete.</returns>
    public static bool IsCompleteContainer(StringBuilder text)
    {
        // Cheap rejection first: this runs per chunk while parallel calls wait, and a complete container
        // ends with '}' or ']'.
        int end = text.Length - 1;
        while (end >= 0 && char.IsWhiteSpace(text[end]))
        {
            end--;
        }

        if (end < 0 || (text[end] != '}' && text[end] != ']'))
        {
            return false;
        }

        var value = text.ToString();
        var trimmed = value.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            // A scalar prefix ("1" of "12") can look complete: only containers end unambiguously.
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads <paramref name="text"/> as one JSON value: transcoded into a pooled buffer (a lone surrogate in the text
    /// becomes U+FFFD instead of an exception) and read into one element that owns
    /// its copy (<see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/>: one document, where <c>JsonDocument.Parse</c> +
    /// <c>Clone</c> make two). Anything after the value but whitespace (and, when lenient, comments) makes it invalid.
    /// </summary>
    /// <returns>The element, or null when the text is not JSON under <paramref name="options"/>.</returns>
    private static JsonElement? ParseElement(string text, JsonDocumentOptions options)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var utf8 = rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented));
            var lenient = options.AllowTrailingCommas || options.CommentHandling != JsonCommentHandling.Disallow;
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
            {
                MaxDepth = options.MaxDepth,
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            });
            var element = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                return null;
            }

            if (!lenient)
            {
                return element;
            }

            // A leniently read element keeps its raw text (comments, trailing commas): write it out clean.
            var buffer = new ArrayBufferWriter<byte>(utf8.Length);
            using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
            {
                element.WriteTo(writer);
            }

            var clean = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = options.MaxDepth });
            return JsonElement.ParseValue(ref clean);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string StripCodeFence(string text)
    {
        // ```json\n{...}\n```  or  ```{...}```
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        int bodyStart = text.IndexOf('\n', StringComparison.Ordinal);
        int brace = text.IndexOf('{', StringComparison.Ordinal);
        if (bodyStart < 0 || (brace >= 0 && brace < bodyStart))
        {
            bodyStart = brace >= 0 ? brace - 1 : 2;
        }

        var body = text[(bodyStart + 1)..];
        int fenceEnd = body.LastIndexOf("```", StringComparison.Ordinal);
        return (fenceEnd >= 0 ? body[..fenceEnd] : body).Trim();
    }

    private static string? CloseTruncated(string text)
    {
        var closers = new Stack<char>();
        bool inString = false, escaped = false;
        foreach (char c in text)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    closers.Push('}');
                    break;
                case '[':
                    closers.Push(']');
                    break;
                case '}' or ']':
                    if (closers.Count == 0 || closers.Pop() != c)
                    {
                        return null;
                    }

                    break;
            }
        }

        if (closers.Count == 0 && !inString)
        {
            return null;
        }

        var sb = new StringBuilder(text.Length + closers.Count + 2);
        sb.Append(escaped ? text[..^1] : text);
        if (inString)
        {
            sb.Append('"');
        }

        // A dangling separator cannot be closed into valid JSON: drop it.
        var trimmed = sb.ToString().TrimEnd();
        while (trimmed.Length > 0 && (trimmed[^1] == ',' || trimmed[^1] == ':'))
        {
            trimmed = trimmed[..^1].TrimEnd();
        }

        sb.Clear().Append(trimmed);
        foreach (char closer in closers)
        {
            sb.Append(closer);
        }

        return sb.ToString();
    }

    private static string Truncate(string raw) => raw.Length <= MaxReportedLength ? raw : raw[..MaxReportedLength] + "…";
}
