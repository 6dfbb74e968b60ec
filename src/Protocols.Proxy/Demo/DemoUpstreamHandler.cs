using System.Net;
using System.Text;
using System.Text.Json;

namespace Protocols.Proxy.Demo;

/// <summary>
/// The built-in demo upstream: a tiny, deterministic OpenAI-compatible backend served in memory (an
/// <see cref="HttpMessageHandler"/>, no socket, nothing leaves the machine), so a fresh clone answers
/// its first curl or SDK call. <c>POST …/chat/completions</c> (streaming or not) replies with a fixed
/// greeting that quotes the last user message; <c>GET …/models</c> lists <c>demo-model</c>. It goes
/// through the same translation as a real backend.
/// </summary>
internal sealed class DemoUpstreamHandler : HttpMessageHandler
{
    /// <summary>The model the demo reports.</summary>
    public const string ModelId = "demo-model";

    private const long Created = 1_735_689_600; // 2025-01-01T00:00:00Z: fixed, so answers are reproducible.

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        if (request.Method == HttpMethod.Get && path.EndsWith("/models", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.OK, $$"""{"object":"list","data":[{"id":"{{ModelId}}","object":"model","created":{{Created}},"owned_by":"protocols-demo"}]}""");
        }

        if (request.Method != HttpMethod.Post || !path.EndsWith("/chat/completions", StringComparison.Ordinal) || request.Content is null)
        {
            return Json(HttpStatusCode.NotFound, """{"error":{"message":"the demo upstream serves POST /chat/completions and GET /models","type":"invalid_request_error","param":null,"code":null}}""");
        }

        using var doc = JsonDocument.Parse(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        var root = doc.RootElement;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var model = root.TryGetProperty("model", out var m) ? m.GetString() ?? ModelId : ModelId;
        var said = LastUserText(root);
        var answer = "Hello from the Protocols demo upstream! No UPSTREAM_BASE_URL is set, so this deterministic local backend answered. " +
            (said.Length == 0 ? "You sent no text." : $"You said: \"{Shorten(said)}\"") +
            " Set UPSTREAM_BASE_URL and UPSTREAM_API_KEY to talk to a real model.";
        var promptTokens = Math.Max(1, said.Length / 4);
        var completionTokens = Math.Max(1, answer.Length / 4);
        return stream
            ? Sse(Chunks(model, answer, promptTokens, completionTokens))
            : Json(HttpStatusCode.OK, JsonSerializerWrite(w =>
            {
                w.WriteString("id", "chatcmpl-demo");
                w.WriteString("object", "chat.completion");
                w.WriteNumber("created", Created);
                w.WriteString("model", model);
                w.WriteStartArray("choices");
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                w.WriteString("content", answer);
                w.WriteNull("refusal");
                w.WriteEndObject();
                w.WriteString("finish_reason", "stop");
                w.WriteNull("logprobs");
                w.WriteEndObject();
                w.WriteEndArray();
                WriteUsage(w, promptTokens, completionTokens);
            }));
    }

    private static IEnumerable<string> Chunks(string model, string answer, int promptTokens, int completionTokens)
    {
        string Chunk(Action<Utf8JsonWriter> choices, bool usage = false) => JsonSerializerWrite(w =>
        {
            w.WriteString("id", "chatcmpl-demo");
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", Created);
            w.WriteString("model", model);
            w.WriteStartArray("choices");
            choices(w);
            w.WriteEndArray();
            if (usage)
            {
                WriteUsage(w, promptTokens, completionTokens);
            }
        });

        void Choice(Utf8JsonWriter w, string? role, string? content, string? finish)
        {
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (role is not null)
            {
                w.WriteString("role", role);
            }

            if (content is not null)
            {
                w.WriteString("content", content);
            }

            w.WriteEndObject();
            if (finish is null)
            {
                w.WriteNull("finish_reason");
            }
            else
            {
                w.WriteString("finish_reason", finish);
            }

            w.WriteEndObject();
        }

        yield return Chunk(w => Choice(w, "assistant", string.Empty, null));
        foreach (var word in answer.Split(' '))
        {
            yield return Chunk(w => Choice(w, null, word + " ", null));
        }

        yield return Chunk(w => Choice(w, null, null, "stop"));
        yield return Chunk(_ => { }, usage: true);
        yield return "[DONE]";
    }

    private static void WriteUsage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }

    private static string LastUserText(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = string.Empty;
        foreach (var message in messages.EnumerateArray())
        {
            if (!message.TryGetProperty("role", out var role) || role.GetString() != "user" || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                text = content.GetString() ?? string.Empty;
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var sb = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        sb.Append(t.GetString());
                    }
                }

                text = sb.ToString();
            }
        }

        return text.Trim();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string JsonSerializerWrite(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private static HttpResponseMessage Sse(IEnumerable<string> events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append("data: ").Append(e).Append("\n\n");
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(sb.ToString(), Encoding.UTF8, "text/event-stream"),
        };
    }
}
