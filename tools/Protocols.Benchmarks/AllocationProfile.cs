using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Benchmarks;

/// <summary>
/// <c>--allocations</c>: where each translation's bytes go. Two views: exact bytes per stage (parse, translate,
/// write) from <see cref="GC.GetAllocatedBytesForCurrentThread"/>, and the allocating types, sampled from the
/// runtime's <c>GCAllocationTick</c> events (one per ~100 KB allocated, attributed to the object that crossed
/// the threshold — over thousands of calls, proportional to the bytes each type allocates).
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

    // Each stage function runs one whole operation and returns the bytes each stage allocated.
    private static Func<Stages> RequestStages(byte[] input, TranslationOptions options, JsonSink sink) => () =>
    {
        var stages = new Stages();
        sink.Rewind();
        long t0 = GC.GetAllocatedBytesForCurrentThread();
        var request = AnthropicRequestReader.Parse(input);
        long t1 = GC.GetAllocatedBytesForCurrentThread();
        var translated = RequestTranslator.Translate(request, new RequestContext(options));
        long t2 = GC.GetAllocatedBytesForCurrentThread();
        sink.Write(translated);
        long t3 = GC.GetAllocatedBytesForCurrentThread();
        return stages with { Parse = t1 - t0, Translate = t2 - t1, Write = t3 - t2 };
    };

    private static Func<Stages> ResponseStages(byte[] input, TranslationOptions options, ExchangeState state, JsonSink sink) => () =>
    {
        sink.Rewind();
        long t0 = GC.GetAllocatedBytesForCurrentThread();
        var response = JsonModel.Parse<CreateChatCompletionResponse>(input);
        long t1 = GC.GetAllocatedBytesForCurrentThread();
        var message = ResponseTranslator.Translate(response, new ResponseContext(options, state, new ConversionReport()));
        long t2 = GC.GetAllocatedBytesForCurrentThread();
        sink.Write(message);
        long t3 = GC.GetAllocatedBytesForCurrentThread();
        return new Stages { Parse = t1 - t0, Translate = t2 - t1, Write = t3 - t2 };
    };

    private static Func<Stages> StreamStages(byte[][] chunks, TranslationOptions options, ExchangeState state, JsonSink sink)
    {
        var output = new StreamOutput();
        return () =>
        {
            sink.Rewind();
            long parse = 0, push = 0, write = 0;
            long t0 = GC.GetAllocatedBytesForCurrentThread();
            var translator = new StreamTranslator(state, options, new ConversionReport());
            translator.Start(output);
            long t1 = GC.GetAllocatedBytesForCurrentThread();
            push += t1 - t0;
            write += WriteEvents(output, sink);
            foreach (var bytes in chunks)
            {
                long a = GC.GetAllocatedBytesForCurrentThread();
                var chunk = JsonModel.Parse<CreateChatCompletionStreamResponse>(bytes);
                long b = GC.GetAllocatedBytesForCurrentThread();
                translator.Push(chunk, output);
                long c = GC.GetAllocatedBytesForCurrentThread();
                parse += b - a;
                push += c - b;
                write += WriteEvents(output, sink);
            }

            long d = GC.GetAllocatedBytesForCurrentThread();
            translator.Complete(output);
            push += GC.GetAllocatedBytesForCurrentThread() - d;
            write += WriteEvents(output, sink);
            return new Stages { Parse = parse, Translate = push, Write = write };
        };
    }

    private static long WriteEvents(StreamOutput output, JsonSink sink)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in output.Events)
        {
            sink.WriteEvent(e.Name, e.Data);
        }

        output.Clear();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Profile(TextWriter log, string name, long inputBytes, Func<Stages> run)
    {
        for (int i = 0; i < 50; i++)
        {
            run();
        }

        var stages = run();
        long total = stages.Parse + stages.Translate + stages.Write;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {name}: input {inputBytes:N0} B, allocated {total:N0} B ({total / (double)inputBytes:0.00}× input)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   parse {stages.Parse,9:N0} B   translate {stages.Translate,9:N0} B   write {stages.Write,9:N0} B"));

        using var listener = new AllocationTickListener();
        for (int i = 0; i < Calls; i++)
        {
            run();
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

    private readonly record struct Stages(long Parse, long Translate, long Write);

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
