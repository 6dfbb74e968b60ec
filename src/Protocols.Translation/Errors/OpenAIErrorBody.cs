using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Protocols.Translation;

// CUSTOM: read with JsonDocument rather than the generated ErrorResponse reader, because these shapes are
// outside the OpenAI spec (a numeric code fails the generated string reader).
/// <summary>
/// Reads the error bodies OpenAI-compatible backends really send, which the spec's <c>ErrorResponse</c>
/// does not all cover: <c>{"error":{message,type,code,param}}</c> with a numeric <c>code</c>,
/// <c>{"error":"text"}</c>, vLLM's <c>{"object":"error","message":…}</c>, FastAPI's <c>{"detail":…}</c>,
/// and Google's <c>[{"error":{…}}]</c>.
/// </summary>
internal static class OpenAIErrorBody
{
    /// <summary>Reads an error body.</summary>
    /// <param name="body">The JSON body.</param>
    /// <param name="error">The error in the OpenAI shape.</param>
    /// <returns>False when the body is not JSON or carries no recognizable error.</returns>
    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Protocols.OpenAI.ErrorResponse? error)
    {
        error = null;
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return false;
        }

        using (doc)
        {
            return TryRead(doc.RootElement, out error);
        }
    }

    /// <summary>Reads an error body already parsed.</summary>
    /// <param name="root">The JSON body.</param>
    /// <param name="error">The error in the OpenAI shape.</param>
    /// <returns>False when the body carries no recognizable error.</returns>
    public static bool TryRead(JsonElement root, [NotNullWhen(true)] out Protocols.OpenAI.ErrorResponse? error)
    {
        error = null;
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
        {
            root = root[0];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (root.TryGetProperty("error", out var inner) && FromErrorMember(inner, root) is { } fromMember)
        {
            error = fromMember;
            return true;
        }

        var message = Text(root, "message") ?? Text(root, "detail");
        if (message is null && root.TryGetProperty("detail", out var detail) && detail.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
        {
            // FastAPI validation errors: a list of {loc, msg, type}.
            message = detail.GetRawText();
        }

        var type = Text(root, "type");
        bool isErrorObject = Text(root, "object") == "error" || type == "error";
        if (message is null && !isErrorObject)
        {
            return false;
        }

        error = Build(message ?? string.Empty, type == "error" ? null : type, Text(root, "code"), Text(root, "param"));
        return true;
    }

    /// <summary>Reads the value of an <c>error</c> member: an error object or a plain message.</summary>
    /// <param name="inner">The member's value.</param>
    /// <param name="owner">The object holding it (for a <c>type</c>/<c>code</c> next to a plain message), if any.</param>
    /// <returns>The error, or null when the value is neither an object nor a string.</returns>
    public static Protocols.OpenAI.ErrorResponse? FromErrorMember(JsonElement inner, JsonElement owner = default) => inner.ValueKind switch
    {
        JsonValueKind.Object => Build(
            Text(inner, "message") ?? Text(inner, "detail") ?? string.Empty,
            Text(inner, "type") ?? Text(inner, "status"),
            Text(inner, "code"),
            Text(inner, "param")),
        JsonValueKind.String => Build(
            inner.GetString() ?? string.Empty,
            owner.ValueKind == JsonValueKind.Object ? Text(owner, "type") : null,
            owner.ValueKind == JsonValueKind.Object ? Text(owner, "code") : null,
            null),
        _ => null,
    };

    /// <summary>Reads the error a stream chunk carries in a top-level <c>error</c> member (C70).</summary>
    /// <param name="chunk">The chunk, read leniently (the member is kept among its unknown members).</param>
    /// <param name="error">The error.</param>
    /// <returns>False when the chunk is no error.</returns>
    public static bool TryReadChunkError(Protocols.OpenAI.CreateChatCompletionStreamResponse chunk, [NotNullWhen(true)] out Protocols.OpenAI.ErrorResponse? error)
    {
        error = null;
        if (chunk.AdditionalProperties is not { } extra || !extra.TryGetValue("error", out var member))
        {
            return false;
        }

        // Without choices the chunk is the error (data: {"error": …}), whatever the member holds. With choices
        // it still is when the member holds an error: OpenRouter reports a failure mid-generation as
        // {"error":{…},"choices":[{"delta":{"content":""},"finish_reason":"error"}]}.
        error = FromErrorMember(member);
        if (error is null && chunk.Choices is null)
        {
            error = Build("upstream sent an unreadable error", "server_error", null, null);
        }

        return error is not null;
    }

    private static Protocols.OpenAI.ErrorResponse Build(string message, string? type, string? code, string? param) => new()
    {
        Error = new Protocols.OpenAI.Error
        {
            Message = message,
            Type = type ?? string.Empty,
            Code = code,
            Param = param,
        },
    };

    private static string? Text(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : v.GetRawText(),
            _ => null,
        };
    }
}
