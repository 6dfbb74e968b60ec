using BenchmarkDotNet.Attributes;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Benchmarks;

/// <summary>
/// (d) A 200-chunk OpenAI stream (150 text deltas, two parallel tool calls streamed as argument fragments,
/// the finish chunk, the usage chunk) → every Anthropic SSE event written: each chunk's bytes parsed, pushed
/// through <see cref="StreamTranslator"/>, each event written as <c>event:</c>/<c>data:</c> to a reused buffer.
/// The floor parses and writes back each of the 200 payloads.
/// </summary>
[MemoryDiagnoser]
public class Stream200 : ITranslationBenchmark
{
    private readonly byte[][] _chunks = BenchmarkInputs.StreamChunks;
    private readonly TranslationOptions _options = new();
    private readonly JsonSink _sink = new(256 * 1024);
    private readonly StreamOutput _output = new();
    private readonly ExchangeState _state = new()
    {
        RequestedModel = "claude-sonnet-4-5",
        TargetModel = "gpt-4o",
        EstimatedInputTokens = 11842,
        Stream = true,
    };

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Input => _chunks[0];

    /// <inheritdoc/>
    public long InputBytes => BenchmarkInputs.StreamChunkBytes;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Output => _sink.Written;

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        _sink.Rewind();
        int written = 0;
        foreach (var chunk in _chunks)
        {
            written = _sink.ParseAndWriteBack(chunk);
        }

        return written;
    }

    [Benchmark]
    public int Translate()
    {
        _sink.Rewind();
        _output.Clear();
        var translator = new StreamTranslator(_state, _options, new ConversionReport());
        translator.Start(_output);
        WriteEvents();
        foreach (var bytes in _chunks)
        {
            var chunk = JsonModel.Parse<CreateChatCompletionStreamResponse>(bytes);
            translator.Push(chunk, _output);
            WriteEvents();
        }

        translator.Complete(_output);
        WriteEvents();
        return _sink.Written.Length;
    }

    private void WriteEvents()
    {
        foreach (var e in _output.Events)
        {
            _sink.WriteEvent(e.Name, e.Data);
        }

        _output.Clear();
    }
}
