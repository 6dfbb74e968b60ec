using BenchmarkDotNet.Attributes;
using Protocols.Translation;

namespace Protocols.Benchmarks;

/// <summary>
/// Anthropic request bytes → <see cref="AnthropicRequestReader.Parse"/> → <see cref="RequestTranslator.Translate"/>
/// → OpenAI request JSON, against the floor of parsing and writing back the same bytes.
/// </summary>
[MemoryDiagnoser]
public abstract class RequestBenchmarks : ITranslationBenchmark
{
    // Options are configuration, shared by every request; the context is per request and part of the cost.
    private protected TranslationOptions Options { get; } = new();

    private protected JsonSink Sink { get; } = new(128 * 1024);

    /// <inheritdoc/>
    public abstract ReadOnlyMemory<byte> Input { get; }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Output => Sink.Written;

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        Sink.Rewind();
        return Sink.ParseAndWriteBack(Input);
    }

    [Benchmark]
    public virtual int Translate()
    {
        Sink.Rewind();
        var request = AnthropicRequestReader.Parse(Input.Span);
        var translated = RequestTranslator.Translate(request, new RequestContext(Options));
        return Sink.Write(translated);
    }
}

/// <summary>(a) A small request: system string, one user turn, temperature (233 bytes).</summary>
public class SmallRequest : RequestBenchmarks
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> Input => BenchmarkInputs.SmallRequest;
}

/// <summary>(b) The ~49 KB Claude Code request (12 tools, system blocks, a parallel tool round trip).</summary>
public class ClaudeCodeRequest : RequestBenchmarks
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> Input => BenchmarkInputs.ClaudeCodeRequest;
}

/// <summary>
/// (b, cached) The same Claude Code request through <see cref="RequestTranslator.TranslateBody"/> with a warm
/// <see cref="TranslationCache"/> — what the proxy does from a session's second request on: the tools and the system
/// prompt are cut out of the body and their translations reused, the messages (read once, by the cache's first
/// request) are translated again.
/// </summary>
public class ClaudeCodeRequestCached : RequestBenchmarks
{
    private readonly TranslationCache _cache;

    /// <summary>Creates the benchmark and warms the cache with the same request once.</summary>
    public ClaudeCodeRequestCached()
    {
        _cache = new TranslationCache(Options);
        RequestTranslator.TranslateBody(Input.Span, new RequestContext(Options), _cache);
    }

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte> Input => BenchmarkInputs.ClaudeCodeRequest;

    [Benchmark]
    public override int Translate()
    {
        Sink.Rewind();
        var translated = RequestTranslator.TranslateBody(Input.Span, new RequestContext(Options), _cache);
        return Sink.Write(translated);
    }
}
