using BenchmarkDotNet.Attributes;
using Protocols.Translation;

namespace Protocols.Benchmarks;

/// <summary>
/// (c) A non-streaming OpenAI chat completion with text and two parallel tool calls →
/// <see cref="ResponseTranslator.TranslateBody"/> → Anthropic Message JSON, against the floor.
/// </summary>
[MemoryDiagnoser]
public class ToolCallResponse : ITranslationBenchmark
{
    private readonly TranslationOptions _options = new();
    private readonly JsonSink _sink = new(16 * 1024);

    // What the request translation left for the response side; built once, it belongs to the request.
    private readonly ExchangeState _state = new()
    {
        RequestedModel = "claude-sonnet-4-5",
        TargetModel = "gpt-4o",
        EstimatedInputTokens = 11842,
    };

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Input => BenchmarkInputs.ToolCallResponse;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Output => _sink.Written;

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        _sink.Rewind();
        return _sink.ParseAndWriteBack(Input);
    }

    [Benchmark]
    public int Translate()
    {
        _sink.Rewind();
        var context = new ResponseContext(_options, _state, new ConversionReport());
        var message = ResponseTranslator.TranslateBody(Input.Span, context);
        return _sink.Write(message);
    }
}
