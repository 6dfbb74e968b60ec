using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Protocols.Benchmarks;

/// <summary>
/// <c>--smoke</c>: runs every benchmark body once (then a few more times, to report warm allocations) and checks
/// the output is what it should be — JSON for the three single-value cases, a complete, well-formed Anthropic
/// event sequence for the stream. Takes seconds; exits non-zero on the first failure.
/// </summary>
internal static class Smoke
{
    private const int WarmCalls = 20;

    /// <summary>Runs the check.</summary>
    /// <param name="log">Where to write one line per case.</param>
    /// <returns>The process exit code: 0 when every case passed.</returns>
    public static int Run(TextWriter log)
    {
        (ITranslationBenchmark Benchmark, Action<JsonElement> CheckJson)[] cases =
        [
            (new SmallRequest(), CheckOpenAIRequest),
            (new ClaudeCodeRequest(), CheckOpenAIRequest),
            (new ClaudeCodeRequestCached(), CheckOpenAIRequest),
            (new ToolCallResponse(), CheckAnthropicMessage),
        ];

        try
        {
            foreach (var (benchmark, check) in cases)
            {
                benchmark.Floor();
                ParseJson(benchmark.Output, benchmark.GetType().Name + " floor").Dispose();
                benchmark.Translate();
                using (var output = ParseJson(benchmark.Output, benchmark.GetType().Name))
                {
                    check(output.RootElement);
                }

                Report(log, benchmark, $"{benchmark.Output.Length} B of JSON");
            }

            var stream = new Stream200();
            stream.Floor();
            Require(stream.Output.Length > 0, "Stream200 floor: wrote nothing");
            stream.Translate();
            var names = CheckEventStream(stream.Output);
            Report(log, stream, $"{names.Count} events ({string.Join(", ", names.Distinct())}), {stream.Output.Length} B of SSE");
        }
        catch (SmokeFailure failure)
        {
            log.WriteLine("FAIL " + failure.Message);
            return 1;
        }

        log.WriteLine("smoke: all cases produced the expected output");
        return 0;
    }

    // A rough, warm per-call allocation: not a measurement (BenchmarkDotNet's MemoryDiagnoser is), a quick signal.
    private static void Report(TextWriter log, ITranslationBenchmark benchmark, string what)
    {
        long floor = AllocatedPerCall(benchmark.Floor);
        long translate = AllocatedPerCall(benchmark.Translate);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ok   {benchmark.GetType().Name,-18} input {benchmark.InputBytes,7} B → {what}; allocated ~{translate} B/op ({translate / (double)benchmark.InputBytes:0.00}× input), floor ~{floor} B/op"));
    }

    private static long AllocatedPerCall(Func<int> body)
    {
        for (int i = 0; i < WarmCalls; i++)
        {
            body();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < WarmCalls; i++)
        {
            body();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / WarmCalls;
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> json, string what)
    {
        Require(json.Length > 0, $"{what}: wrote nothing");
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SmokeFailure($"{what}: output is not JSON: {e.Message}");
        }
    }

    private static void CheckOpenAIRequest(JsonElement root)
    {
        Require(root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String, "request: no model");
        Require(root.TryGetProperty("messages", out var messages) && messages.GetArrayLength() > 0, "request: no messages");
    }

    private static void CheckAnthropicMessage(JsonElement root)
    {
        Require(root.GetProperty("type").ValueEquals("message"), "response: type is not message");
        int toolUses = root.GetProperty("content").EnumerateArray().Count(b => b.GetProperty("type").ValueEquals("tool_use"));
        Require(toolUses == 2, $"response: expected 2 tool_use blocks, found {toolUses}");
        Require(root.GetProperty("stop_reason").ValueEquals("tool_use"), "response: stop_reason is not tool_use");
    }

    // Each event is `event: name\ndata: json\n\n`; the data's type is the event name; message_start first,
    // message_stop last, two tool_use blocks.
    private static List<string> CheckEventStream(ReadOnlyMemory<byte> sse)
    {
        var names = new List<string>();
        int toolUses = 0;
        foreach (var frame in Encoding.UTF8.GetString(sse.Span).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            Require(lines.Length == 2 && lines[0].StartsWith("event: ", StringComparison.Ordinal) && lines[1].StartsWith("data: ", StringComparison.Ordinal), $"stream: malformed frame '{frame}'");
            string name = lines[0]["event: ".Length..];
            using var data = ParseJson(Encoding.UTF8.GetBytes(lines[1]["data: ".Length..]), "stream event " + names.Count);
            Require(data.RootElement.GetProperty("type").ValueEquals(name), $"stream: event {name} carries type {data.RootElement.GetProperty("type")}");
            if (name == "content_block_start" && data.RootElement.GetProperty("content_block").GetProperty("type").ValueEquals("tool_use"))
            {
                toolUses++;
            }

            names.Add(name);
        }

        Require(names.Count > 0 && names[0] == "message_start", "stream: does not start with message_start");
        Require(names[^1] == "message_stop", $"stream: ends with {(names.Count > 0 ? names[^1] : "nothing")}, not message_stop");
        Require(toolUses == 2, $"stream: expected 2 tool_use blocks, found {toolUses}");
        return names;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SmokeFailure(message);
        }
    }

    private sealed class SmokeFailure(string message) : Exception(message);
}
