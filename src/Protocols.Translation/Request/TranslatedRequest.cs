using System.Buffers;
using System.Text.Json;
using Protocols.Core;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// The result of <see cref="RequestTranslator.TranslateBody"/>: the OpenAI request, and — when its tools came from a
/// <see cref="TranslationCache"/> — their JSON as first written, which <see cref="WriteJson"/> emits as is
/// instead of serializing the same tools again.
/// </summary>
public sealed class TranslatedRequest
{
    private readonly byte[]? _cachedToolsJson;

    internal TranslatedRequest(CreateChatCompletionRequest request, byte[]? cachedToolsJson)
    {
        Request = request;
        _cachedToolsJson = cachedToolsJson;
    }

    /// <summary>The OpenAI request (complete: <see cref="CreateChatCompletionRequest.Tools"/> holds the tools, cached or not).</summary>
    public CreateChatCompletionRequest Request { get; }

    /// <summary>Writes the request as UTF-8 JSON (the same document <see cref="JsonModel.ToUtf8"/> would write, members in another order).</summary>
    /// <param name="output">Where to write.</param>
    public void WriteJson(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_cachedToolsJson is not { } tools || Request.Tools is null)
        {
            using var writer = new Utf8JsonWriter(output, JsonModel.WriterOptions);
            Request.WriteTo(writer);
            return;
        }

        // The request without its tools, then `,"tools":<cached>` in place of the closing brace: written in place when
        // the output can take bytes back, through a scratch buffer otherwise.
        if (output is PooledBufferWriter pooled)
        {
            int start = pooled.WrittenCount;
            WriteWithoutTools(pooled);
            bool empty = pooled.WrittenCount - start <= 2;
            pooled.Unwrite(1);
            AppendTools(pooled, empty, tools);
            return;
        }

        using var scratch = new PooledBufferWriter(16 * 1024);
        WriteWithoutTools(scratch);
        var json = scratch.WrittenSpan;
        output.Write(json[..^1]);
        AppendTools(output, json.Length <= 2, tools);
    }

    private static void AppendTools(IBufferWriter<byte> output, bool emptyBefore, byte[] tools)
    {
        output.Write(emptyBefore ? "\"tools\":"u8 : ",\"tools\":"u8);
        output.Write(tools);
        output.Write("}"u8);
    }

    private void WriteWithoutTools(IBufferWriter<byte> output)
    {
        var saved = Request.Tools;
        Request.Tools = null;
        try
        {
            using var writer = new Utf8JsonWriter(output, JsonModel.WriterOptions);
            Request.WriteTo(writer);
        }
        finally
        {
            Request.Tools = saved;
        }
    }
}
