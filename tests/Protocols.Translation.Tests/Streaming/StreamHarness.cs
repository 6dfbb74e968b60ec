using System.Text;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Testing;
using Protocols.Translation.Tests.Response;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>The events of one translated stream and what they add up to.</summary>
internal sealed record StreamRun(List<StreamEvent> Events, StreamTranslator Translator, ConversionReport Report, Reconstruction Result)
{
    public string[] Names => [.. Events.Select(e => e.Name)];

    public string[] Codes => [.. Report.Notes.Select(n => n.Code).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Runs upstream streams through <see cref="OpenAIStreamReader"/> and <see cref="StreamTranslator"/> as the proxy does.</summary>
internal static class StreamHarness
{
    /// <summary>Parses one chunk.</summary>
    public static CreateChatCompletionStreamResponse Chunk(string json) => JsonModel.Parse<CreateChatCompletionStreamResponse>(Encoding.UTF8.GetBytes(json));

    /// <summary>A chunk with one choice whose delta is <paramref name="deltaJson"/>.</summary>
    public static CreateChatCompletionStreamResponse Delta(string deltaJson, string? finish = null) =>
        Chunk($$$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{{{deltaJson}}},"finish_reason":{{{(finish is null ? "null" : "\"" + finish + "\"")}}}}]}""");

    /// <summary>A usage-only chunk (C65).</summary>
    public static CreateChatCompletionStreamResponse UsageOnly(long prompt, long completion) =>
        Chunk($$$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""");

    /// <summary>Pushes chunks, then completes (unless told not to); validates schema and grammar.</summary>
    public static StreamRun Push(IEnumerable<CreateChatCompletionStreamResponse> chunks, ExchangeState? state = null, TranslationOptions? options = null, bool complete = true)
    {
        var report = new ConversionReport();
        var translator = new StreamTranslator(state ?? CaseState.DefaultState(), options ?? new TranslationOptions(), report);
        var output = new StreamOutput();
        var events = new List<StreamEvent>();
        foreach (var chunk in chunks)
        {
            translator.Push(chunk, output);
            events.AddRange(output.Events);
            output.Clear();
        }

        if (complete)
        {
            translator.Complete(output);
            events.AddRange(output.Events);
        }

        AssertSchemaValid(events);
        return new StreamRun(events, translator, report, EventGrammar.Validate(events, requireEnd: complete));
    }

    /// <summary>Reads an SSE body (with the given read sizes) and translates it, as the proxy does.</summary>
    public static async Task<StreamRun> RunSseAsync(byte[] sse, ExchangeState? state = null, TranslationOptions? options = null, IReadOnlyList<int>? readSizes = null, bool validateSchema = true)
    {
        var report = new ConversionReport();
        var translator = new StreamTranslator(state ?? CaseState.DefaultState(), options ?? new TranslationOptions(), report);
        var output = new StreamOutput();
        var events = new List<StreamEvent>();
        await using (var body = new ChunkedStream(sse, readSizes))
        {
            try
            {
                await foreach (var item in OpenAIStreamReader.ReadAsync(body, CancellationToken.None))
                {
                    translator.Accept(item, output);
                    events.AddRange(output.Events);
                    output.Clear();
                }
            }
            catch (TranslationException e)
            {
                translator.Fail(e.ErrorType, e.Message, output);
            }
        }

        // End of body: Complete is a no-op after [DONE], message_stop or error.
        translator.Complete(output);
        events.AddRange(output.Events);
        if (validateSchema)
        {
            AssertSchemaValid(events);
        }

        return new StreamRun(events, translator, report, EventGrammar.Validate(events));
    }

    /// <summary>Every event validates against the Anthropic schema (an error event as ErrorResponse) and is named by its type.</summary>
    public static void AssertSchemaValid(IEnumerable<StreamEvent> events)
    {
        foreach (var e in events)
        {
            var json = JsonModel.ToJsonString(e.Data);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var type = doc.RootElement.GetProperty("type").GetString();
            if (type != e.Name)
            {
                throw new InvalidOperationException($"event '{e.Name}' carries type '{type}'");
            }

            SchemaValidator.Anthropic.AssertValid(e.Name == "error" ? "ErrorResponse" : "MessageStreamEvent", json);
        }
    }

    /// <summary>The events as an Anthropic SSE transcript, minted ids replaced by placeholders.</summary>
    public static string Transcript(IEnumerable<StreamEvent> events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append("event: ").Append(e.Name).Append('\n')
              .Append("data: ").Append(CaseState.NormalizeIds(JsonModel.ToJsonString(e.Data))).Append("\n\n");
        }

        return sb.ToString();
    }
}
