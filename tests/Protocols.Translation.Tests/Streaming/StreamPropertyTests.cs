using FsCheck;
using FsCheck.Fluent;
using Protocols.Anthropic;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>
/// Properties of the stream translation over generated upstream streams (FsCheck, bounded case counts):
/// any chunking, framing and read size of a valid stream gives a valid event sequence that adds up to the
/// upstream content; any sequence of chunks at all gives a valid event sequence.
/// </summary>
public sealed class StreamPropertyTests
{
    // 200 cases each keeps the suite fast; FSCHECK_MAX_TEST=5000 for a soak run.
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(
        int.TryParse(Environment.GetEnvironmentVariable("FSCHECK_MAX_TEST"), out var max) && max > 0 ? max : 200);

    [Fact]
    public void C56_C60_C69_AnyChunkingOfAValidStream_ValidEventsThatAddUpToTheUpstreamContent()
    {
        int checkedSchemas = 0;
        Prop.ForAll(UpstreamScenario.Arbitrary(), scenario =>
        {
            // Schema validation is the slow part: every event of the first cases, the grammar for all.
            var run = StreamHarness.RunSseAsync(scenario.ToSse(), readSizes: scenario.ReadSizes, validateSchema: checkedSchemas++ < 40).GetAwaiter().GetResult();
            var result = run.Result;

            Assert.True(result.Stopped, "the stream did not end with message_stop");
            Assert.Equal(scenario.ExpectedBlocks(), result.Blocks.Select(b => b with { Id = null }));
            Assert.All(result.Blocks.Where(b => b.Kind == "tool_use"), b => Assert.Matches("^[A-Za-z0-9_-]+$", b.Id!));
            Assert.Equal(result.Blocks.Count(b => b.Kind == "tool_use"), result.Blocks.Where(b => b.Kind == "tool_use").Select(b => b.Id).Distinct().Count());

            var delta = result.Delta!;
            Assert.Equal(scenario.HasTools ? StopReason.ToolUse : StopReason.EndTurn, delta.Delta.StopReason);
            if (scenario.UsageMode != 0)
            {
                Assert.Equal(UpstreamScenario.CompletionTokens, delta.Usage.OutputTokens);
                Assert.Equal(UpstreamScenario.PromptTokens, delta.Usage.InputTokens);
            }

            // The client library's snapshot says the same.
            var snapshot = run.Translator.Snapshot();
            Assert.Equal(result.Blocks.Count, snapshot.Content.Count);
            Assert.Equal(delta.Delta.StopReason, snapshot.StopReason);
        }).Check(Config);
    }

    [Fact]
    public void C56_AnySequenceOfChunksAtAll_NeverAnInvalidEventSequence()
    {
        Prop.ForAll(ChaosArbitrary(), steps =>
        {
            var report = new ConversionReport();
            var state = Response.CaseState.DefaultState();
            state.EnforcedStopSequences.Add("ab");
            var translator = new StreamTranslator(state, new TranslationOptions(), report);
            var output = new StreamOutput();
            foreach (var step in steps)
            {
                switch (step)
                {
                    case "ping":
                        translator.Ping(output);
                        break;
                    case "complete":
                        translator.Complete(output);
                        break;
                    case "fail":
                        translator.Fail("api_error", "boom", output);
                        break;
                    default:
                        translator.Push(StreamHarness.Chunk(step), output);
                        break;
                }
            }

            translator.Complete(output);
            var result = EventGrammar.Validate(output.Events);
            Assert.True(result.Stopped || result.Error is not null);
            Assert.True(translator.IsFinished);
        }).Check(Config);
    }

    [Fact]
    public void C50_StreamedStopSequenceEnforcement_MatchesTheWholeTextAndHoldsBackMinimally()
    {
        var gen =
            from text in Gen.ListOf(Gen.Elements("a", "b", "c", "ab", "🎉")).Select(string.Concat)
            from sequences in Gen.NonEmptyListOf(Gen.ListOf(Gen.Elements("a", "b", "c", "🎉")).Select(string.Concat).Where(s => s.Length is > 0 and < 6)).Select(l => l.Take(3).ToList())
            from cuts in Gen.ListOf(Gen.Choose(0, 3))
            select (text, sequences, cuts);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (text, sequences, cuts) = c;
            var state = Response.CaseState.DefaultState();
            state.EnforcedStopSequences.AddRange(sequences);
            var translator = new StreamTranslator(state, new TranslationOptions(), new ConversionReport());
            var output = new StreamOutput();

            // Cut the text at code-point boundaries.
            var received = new System.Text.StringBuilder();
            int position = 0, k = 0;
            bool stopped = false;
            while (position < text.Length)
            {
                int take = Math.Min(text.Length - position, k < cuts.Count ? cuts[k++] + 1 : text.Length);
                if (position + take < text.Length && char.IsLowSurrogate(text[position + take]))
                {
                    take++;
                }

                var piece = text.Substring(position, take);
                position += take;
                received.Append(piece);
                translator.Push(StreamHarness.Delta(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["content"] = piece })), output);
                if (!stopped && FirstMatch(received.ToString(), sequences) is null)
                {
                    // Before any match, everything is out but the longest suffix that could start a sequence.
                    var all = received.ToString();
                    Assert.Equal(all[..^HoldBack(all, sequences)], Emitted(output));
                }
                else
                {
                    stopped = true;
                }
            }

            translator.Push(StreamHarness.Delta("{}", "stop"), output);
            translator.Complete(output);
            EventGrammar.Validate(output.Events);
            var match = FirstMatch(text, sequences);
            Assert.Equal(match is null ? text : text[..match.Value.Index], Emitted(output));
            var delta = output.Events.Select(e => e.Data).OfType<MessageDeltaEvent>().Single();
            Assert.Equal(match is null ? StopReason.EndTurn : StopReason.StopSequence, delta.Delta.StopReason);
            Assert.Equal(match?.Sequence, delta.Delta.StopSequence);
        }).Check(Config);
    }

    // Naive reference implementations.
    private static (int Index, string Sequence)? FirstMatch(string text, List<string> sequences)
    {
        for (int end = 1; end <= text.Length; end++)
        {
            foreach (var s in sequences.OrderByDescending(s => s.Length))
            {
                if (s.Length <= end && string.CompareOrdinal(text, end - s.Length, s, 0, s.Length) == 0)
                {
                    return (end - s.Length, s);
                }
            }
        }

        return null;
    }

    private static int HoldBack(string text, List<string> sequences)
    {
        for (int k = text.Length; k > 0; k--)
        {
            var suffix = text[^k..];
            if (sequences.Any(s => s.Length > k && s.StartsWith(suffix, StringComparison.Ordinal)))
            {
                return k;
            }
        }

        return 0;
    }

    private static string Emitted(StreamOutput output) =>
        string.Concat(output.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().Select(d => (d.Delta as TextContentBlockDelta)?.Text));

    private static Arbitrary<List<string>> ChaosArbitrary()
    {
        static string Chunk(string delta, string finish) =>
            $$$"""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":{{{finish}}}}]}""";
        var delta = Gen.Elements(
            """{"content":"hi"}""",
            """{"content":"a"}""",
            """{"content":"b"}""",
            """{"content":""}""",
            """{"refusal":"no"}""",
            """{"reasoning_content":"hmm"}""",
            """{"reasoning":"r"}""",
            """{"tool_calls":[]}""",
            """{"tool_calls":[{"index":0,"id":"c0","function":{"name":"f","arguments":""}}]}""",
            """{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}""",
            """{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}""",
            """{"tool_calls":[{"index":1,"id":"c1","function":{"arguments":"{}"}}]}""",
            """{"tool_calls":[{"index":1,"function":{"name":"g"}}]}""",
            """{"tool_calls":[{"index":2,"id":"functions.x:2","function":{"name":"h","arguments":"{\"b\":2}"}}]}""",
            """{"tool_calls":[{"index":0,"id":"c9","function":{"name":"f2","arguments":"{}"}},{"index":5,"function":{"arguments":"[1"}}]}""",
            """{"function_call":{"name":"legacy","arguments":"{}"}}""",
            "{}");
        var finish = Gen.Elements("null", "null", "null", "\"stop\"", "\"length\"", "\"tool_calls\"", "\"content_filter\"", "\"weird\"");
        var step = Gen.Frequency(
            (12, Gen.Zip(delta, finish).Select(t => Chunk(t.Item1, t.Item2))),
            (1, Gen.Constant("""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""")),
            (1, Gen.Constant("""{"error":{"message":"boom","type":"server_error"}}""")),
            (1, Gen.Constant("""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":1,"delta":{"content":"other choice"},"finish_reason":"stop"}]}""")),
            (1, Gen.Constant("ping")),
            (1, Gen.Constant("complete")),
            (1, Gen.Constant("fail")));
        return Gen.ListOf(step).Select(l => l.Take(25).ToList()).ToArbitrary();
    }
}
