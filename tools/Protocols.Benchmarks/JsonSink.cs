using System.Buffers;
using System.Text;
using System.Text.Json;
using Protocols.Core;

namespace Protocols.Benchmarks;

/// <summary>
/// One reusable output buffer and writer per benchmark: rewound (not reallocated) before every operation, so the
/// numbers show the translation and not buffer growth. Floor and translation write with the same options.
/// </summary>
internal sealed class JsonSink
{
    // The options the library writes with (JsonModel.ToUtf8): no validation, relaxed escaping.
    private static readonly JsonWriterOptions WriterOptions = JsonModel.WriterOptions;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Creates a sink with room for <paramref name="capacity"/> bytes before it would have to grow.</summary>
    /// <param name="capacity">The initial capacity.</param>
    public JsonSink(int capacity)
    {
        _buffer = new ArrayBufferWriter<byte>(capacity);
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>What was written since the last <see cref="Rewind"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Forgets the output without clearing or reallocating the buffer.</summary>
    public void Rewind()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    /// <summary>Writes one JSON value and flushes it to the buffer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The bytes written so far.</returns>
    public int Write(IJsonWritable value)
    {
        _writer.Reset(_buffer);
        value.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>Writes a translated request (its tools possibly spliced in from the cache).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The bytes written so far.</returns>
    public int Write(Protocols.Translation.TranslatedRequest request)
    {
        request.WriteJson(_buffer);
        return _buffer.WrittenCount;
    }

    /// <summary>
    /// The floor: <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> and
    /// <see cref="JsonDocument.WriteTo"/> of the same bytes — touching every byte once each way.
    /// </summary>
    /// <param name="json">The UTF-8 JSON (parsed in place: the array is not copied).</param>
    /// <returns>The bytes written so far.</returns>
    public int ParseAndWriteBack(ReadOnlyMemory<byte> json)
    {
        using (var document = JsonDocument.Parse(json))
        {
            // A new top-level value, as for each translated value.
            _writer.Reset(_buffer);
            document.WriteTo(_writer);
            _writer.Flush();
        }

        return _buffer.WrittenCount;
    }

    /// <summary>Writes one SSE event (<c>event: name</c>, <c>data: json</c>, blank line), as the proxy sends it.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="data">The event object.</param>
    public void WriteEvent(string name, IJsonWritable data)
    {
        Raw("event: "u8);
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(name.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(name, span));
        Raw("\ndata: "u8);

        // A new top-level value: the writer's state from the previous event is discarded, its buffer kept.
        _writer.Reset(_buffer);
        data.WriteTo(_writer);
        _writer.Flush();
        Raw("\n\n"u8);
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
