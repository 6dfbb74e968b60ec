using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Benchmarks;

/// <summary>
/// <c>--allocations</c>: where each translation's time and bytes go. Two views: time and exact bytes per stage
/// (parse, translate, write) from <see cref="Stopwatch"/> and <see cref="GC.GetAllocatedBytesForCurrentThread"/>,
/// and the allocating types, sampled from the runtime's <c>GCAllocationTick</c> events (one per ~100 KB
/// allocated, attributed to the object that crossed the threshold — over thousands of calls, proportional to
/// the bytes each type allocates). Stage times are a rough split (each mark costs some tens of ns); the totals
/// that count are BenchmarkDotNet's.
/// </summary>
internal static class AllocationProfile
{
    private const int Calls = 2000;

    /// <summary>Runs the profile.</summary>
    /// <param name="log">Where to write the tables.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(TextWriter log)
    {
        var options = new TranslationOptions();
        var sink = new JsonSink(256 * 1024);
        var state = new ExchangeState { RequestedModel = "claude-sonnet-4-5", TargetModel = "gpt-4o", EstimatedInputTokens = 11842 };

        Profile(log, "SmallRequest", BenchmarkInputs.SmallRequest.Length, RequestStages(BenchmarkInputs.SmallRequest, options, sink));
        Profile(log, "ClaudeCodeRequest", BenchmarkInputs.ClaudeCodeRequest.Length, RequestStages(BenchmarkInputs.ClaudeCodeRequest, options, sink));
        Profile(log, "ToolCallResponse", BenchmarkInputs.ToolCallResponse.Length, ResponseStages(BenchmarkInputs.ToolCallResponse, options, state, sink));
        Profile(log, "Stream200", BenchmarkInputs.StreamChunkBytes, StreamStages(BenchmarkInputs.StreamChunks, options, state, sink));
        return 0;
    }

    private static Action<Meter> RequestStages(byte[] input, TranslationOptions options, JsonSink sink) => meter =>
    {
        sink.Rewind();
        meter.Start();
        var request = AnthropicRequestReader.Parse(input);
        meter.Mark(Stage.Parse);
        var translated = RequestTranslator.Translate(request, new RequestContext(options));
        meter.Mark(Stage.Translate);
        sink.Write(translated);
        meter.Mark(Stage.Write);
    };

    private static Action<Meter> ResponseStages(byte[] input, TranslationOptions options, ExchangeState state, JsonSink sink) => meter =>
    {
        sink.Rewind();
        meter.Start();
        var response = JsonModel.Parse<CreateChatCompletionResponse>(input);
        meter.Mark(Stage.Parse);
        var message = ResponseTranslator.Translate(response, new ResponseContext(options, state, new ConversionReport()));
        meter.Mark(Stage.Translate);
        sink.Write(message);
        meter.Mark(Stage.Write);
    };

    private static Action<Meter> StreamStages(byte[][] chunks, TranslationOptions options, ExchangeState state, JsonSink sink)
    {
        var output = new StreamOutput();
        return meter =>
        {
            sink.Rewind();
            meter.Start();
            var translator = new StreamTranslator(state, options, new ConversionReport());
            translator.Start(output);
            meter.Mark(Stage.Translate);
            WriteEvents(output, sink);
            meter.Mark(Stage.Write);
            foreach (var bytes in chunks)
            {
                var chunk = JsonModel.Parse<CreateChatCompletionStreamResponse>(bytes);
                meter.Mark(Stage.Parse);
                translator.Push(chunk, output);
                meter.Mark(Stage.Translate);
                WriteEvents(output, sink);
                meter.Mark(Stage.Write);
            }

            translator.Complete(output);
            meter.Mark(Stage.Translate);
            WriteEvents(output, sink);
            meter.Mark(Stage.Write);
        };
    }

    private static void WriteEvents(StreamOutput output, JsonSink sink)
    {
        foreach (var e in output.Events)
        {
            sink.WriteEvent(e.Name, e.Data);
        }

        output.Clear();
    }

    private static void Profile(TextWriter log, string name, long inputBytes, Action<Meter> run)
    {
        var warmup = new Meter();
        for (int i = 0; i < 200; i++)
        {
            run(warmup);
        }

        var meter = new Meter();
        for (int i = 0; i < Calls; i++)
        {
            run(meter);
        }

        long total = meter.Bytes.Sum() / Calls;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {name}: input {inputBytes:N0} B, allocated {total:N0} B/op ({total / (double)inputBytes:0.00}× input)"));
        foreach (var stage in Enum.GetValues<Stage>())
        {
            double us = meter.Ticks[(int)stage] * 1e6 / Stopwatch.Frequency / Calls;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {stage,-9} {us,9:0.00} µs {meter.Bytes[(int)stage] / Calls,9:N0} B"));
        }

        using var listener = new AllocationTickListener();
        var ignored = new Meter();
        for (int i = 0; i < Calls; i++)
        {
            run(ignored);
        }

        // The runtime delivers events asynchronously: give the last ones time to arrive.
        Thread.Sleep(1500);
        var ticks = listener.Snapshot();
        long samples = ticks.Sum(t => t.Value);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   types by sampled bytes ({samples} samples over {Calls} calls):"));
        foreach (var (type, count) in ticks.OrderByDescending(t => t.Value).Take(12))
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {count * 100.0 / Math.Max(1, samples),5:0.0}%  {type}"));
        }

        log.WriteLine();
    }

    private enum Stage
    {
        Parse,
        Translate,
        Write,
    }

    /// <summary>Accumulates elapsed ticks and allocated bytes per stage between marks.</summary>
    private sealed class Meter
    {
        private long _timestamp;
        private long _allocated;

        public long[] Ticks { get; } = new long[3];

        public long[] Bytes { get; } = new long[3];

        public void Start()
        {
            _allocated = GC.GetAllocatedBytesForCurrentThread();
            _timestamp = Stopwatch.GetTimestamp();
        }

        public void Mark(Stage stage)
        {
            long now = Stopwatch.GetTimestamp();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            Ticks[(int)stage] += now - _timestamp;
            Bytes[(int)stage] += allocated - _allocated;
            _allocated = allocated;
            _timestamp = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Counts <c>GCAllocationTick</c> events by type name.</summary>
    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
        private volatile bool _recording = true;

        public Dictionary<string, long> Snapshot()
        {
            _recording = false;
            return new Dictionary<string, long>(_ticks, StringComparer.Ordinal);
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
            {
                return;
            }

            int at = eventData.PayloadNames.IndexOf("TypeName");
            string type = at >= 0 && eventData.Payload?[at] is string name ? name : "(unknown)";
            _ticks.AddOrUpdate(type, 1, static (_, n) => n + 1);
        }
    }
}
