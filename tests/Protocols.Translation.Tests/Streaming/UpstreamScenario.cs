using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>One tool call of a generated answer.</summary>
internal sealed record ToolCallSpec(string Id, string Name, string Arguments, bool LateName);

/// <summary>A part of a generated answer: text, or a group of (parallel) tool calls.</summary>
internal sealed record PhaseSpec(string? Text, IReadOnlyList<ToolCallSpec>? Tools);

/// <summary>
/// A valid upstream answer (thinking, then text and tool-call phases) and how it travels: how each part is
/// cut into chunks, how parallel calls interleave, SSE framing, and the read sizes of the body.
/// </summary>
internal sealed record UpstreamScenario(
    string Thinking,
    IReadOnlyList<PhaseSpec> Phases,
    bool StopWithTools,
    bool TextInFinishChunk,
    int UsageMode,
    bool SendDone,
    string Framing,
    IReadOnlyList<int> ReadSizes,
    int Seed)
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Atoms keep surrogate pairs whole: an upstream chunk is always valid UTF-8.
    private static readonly string[] Atoms = ["a", "Hello", " ", "world", "\"", "\\", "\n", "\t", "é", "ß", "漢字", "🎉", "𝄞", "{", "}", ",", "<", "data: ", "[DONE]", "\r\n"];

    public const long PromptTokens = 321;
    public const long CompletionTokens = 77;

    /// <summary>The blocks a client must end up with.</summary>
    public List<ReconstructedBlock> ExpectedBlocks()
    {
        var blocks = new List<ReconstructedBlock>();
        if (Thinking.Length > 0)
        {
            blocks.Add(new ReconstructedBlock("thinking", Thinking));
        }

        foreach (var phase in Phases)
        {
            if (phase.Text is { } text)
            {
                if (blocks.Count > 0 && blocks[^1].Kind == "text")
                {
                    blocks[^1] = blocks[^1] with { Content = blocks[^1].Content + text };
                }
                else
                {
                    blocks.Add(new ReconstructedBlock("text", text));
                }
            }
            else
            {
                blocks.AddRange(phase.Tools!.Select(t => new ReconstructedBlock("tool_use", t.Arguments, t.Name)));
            }
        }

        return blocks;
    }

    public bool HasTools => Phases.Any(p => p.Tools is not null);

    /// <summary>The chunks' JSON, in order.</summary>
    public List<string> Chunks()
    {
        var random = new Random(Seed);
        var chunks = new List<string> { Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }) };
        foreach (var piece in Split(Thinking, random))
        {
            chunks.Add(Chunk(new JsonObject { ["content"] = null, ["reasoning_content"] = piece }));
        }

        string? held = null;
        for (int p = 0; p < Phases.Count; p++)
        {
            var phase = Phases[p];
            if (phase.Text is { } text)
            {
                var pieces = Split(text, random);
                bool last = p == Phases.Count - 1;
                if (last && TextInFinishChunk && pieces.Count > 0)
                {
                    // C64: the last text travels with finish_reason.
                    held = pieces[^1];
                    pieces.RemoveAt(pieces.Count - 1);
                }

                chunks.AddRange(pieces.Select(piece => Chunk(new JsonObject { ["content"] = piece })));
            }
            else
            {
                chunks.AddRange(ToolChunks(phase.Tools!, random));
            }
        }

        var finish = HasTools ? (StopWithTools ? "stop" : "tool_calls") : "stop";
        var finishDelta = held is null ? new JsonObject() : new JsonObject { ["content"] = held };
        chunks.Add(Chunk(finishDelta, finish, usageInline: UsageMode == 1));
        if (UsageMode == 2)
        {
            // C65: the usage-only chunk after the finish chunk.
            chunks.Add(Serialize(new JsonObject
            {
                ["id"] = "chatcmpl-p",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1,
                ["model"] = "gpt-4o",
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(),
            }));
        }

        return chunks;
    }

    /// <summary>The SSE body in the scenario's framing.</summary>
    public byte[] ToSse()
    {
        var nl = Framing == "crlf" ? "\r\n" : "\n";
        var prefix = Framing == "no-space" ? "data:" : "data: ";
        var sb = new StringBuilder();
        int i = 0;
        foreach (var chunk in Chunks())
        {
            if (Framing == "comments" && i++ % 2 == 0)
            {
                sb.Append(": keep-alive").Append(nl).Append(nl);
            }

            sb.Append(prefix).Append(chunk).Append(nl).Append(nl);
        }

        if (SendDone)
        {
            sb.Append(prefix).Append("[DONE]").Append(nl).Append(nl);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private IEnumerable<string> ToolChunks(IReadOnlyList<ToolCallSpec> tools, Random random)
    {
        // Each call: a header (id, and the name unless it comes late), then its fragments; the name of a
        // late call rides on a later event. Headers keep index order; the rest interleaves freely.
        var queues = new List<Queue<JsonObject>>();
        for (int i = 0; i < tools.Count; i++)
        {
            var t = tools[i];
            var events = new Queue<JsonObject>();
            var header = new JsonObject { ["index"] = i, ["id"] = t.Id, ["type"] = "function", ["function"] = t.LateName ? new JsonObject { ["arguments"] = "" } : new JsonObject { ["name"] = t.Name, ["arguments"] = "" } };
            var fragments = Split(t.Arguments, random);
            if (!t.LateName && fragments.Count > 0 && random.Next(2) == 0)
            {
                // Name and first fragment in one chunk (C61).
                header["function"]!["arguments"] = fragments[0];
                fragments.RemoveAt(0);
            }

            events.Enqueue(header);
            int nameAt = t.LateName ? random.Next(fragments.Count + 1) : -1;
            for (int f = 0; f <= fragments.Count; f++)
            {
                var function = new JsonObject();
                if (f == nameAt)
                {
                    function["name"] = t.Name;
                }

                if (f < fragments.Count)
                {
                    function["arguments"] = fragments[f];
                }

                if (function.Count > 0)
                {
                    events.Enqueue(new JsonObject { ["index"] = i, ["function"] = function });
                }
            }

            queues.Add(events);
        }

        int headersSent = 0;
        var pending = new List<JsonObject>();
        while (queues.Any(q => q.Count > 0))
        {
            // Pick any call that has events, but a call's header only after the previous call's header.
            var ready = Enumerable.Range(0, queues.Count).Where(i => queues[i].Count > 0 && (i < headersSent || i == headersSent)).ToList();
            int pick = ready[random.Next(ready.Count)];
            if (pick == headersSent)
            {
                headersSent++;
            }

            pending.Add(queues[pick].Dequeue());
            if (random.Next(3) != 0 || queues.All(q => q.Count == 0))
            {
                yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray([.. pending]) });
                pending.Clear();
            }
        }
    }

    private static List<string> Split(string text, Random random)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            bool boundary = i == text.Length || !(char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]));
            if (boundary && (i == text.Length || random.Next(4) == 0))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }

    private string Chunk(JsonObject delta, string? finish = null, bool usageInline = false)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-p",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1,
            ["model"] = "gpt-4o",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
        };
        if (usageInline)
        {
            chunk["usage"] = Usage();
        }

        return Serialize(chunk);
    }

    private static JsonObject Usage() => new() { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens };

    private static string Serialize(JsonNode node) => node.ToJsonString(Relaxed);

    /// <summary>The FsCheck generator.</summary>
    public static Arbitrary<UpstreamScenario> Arbitrary()
    {
        var atom = Gen.Elements(Atoms);
        var text = Gen.NonEmptyListOf(atom).Select(a => string.Concat(a.Take(12)));
        var thinking = Gen.Frequency((2, Gen.Constant(string.Empty)), (1, text));
        var tool =
            from name in Gen.Elements("Bash", "Read", "get_weather", "mcp__tools__search")
            from arguments in Arguments()
            from late in Gen.Elements(false, false, true)
            select (Name: name, Arguments: arguments, Late: late);
        var tools = Gen.NonEmptyListOf(tool).Select(list => (IReadOnlyList<ToolCallSpec>)[.. list.Take(4).Select((t, i) => new ToolCallSpec($"call_{i}_{t.Name.Length}", t.Name, t.Arguments, t.Late))]);
        var phase = Gen.Frequency((3, text.Select(t => new PhaseSpec(t, null))), (2, tools.Select(t => new PhaseSpec(null, t))));
        var phases = Gen.NonEmptyListOf(phase).Select(p => (IReadOnlyList<PhaseSpec>)[.. p.Take(4).Select(UniqueIds)]);
        var readSizes = Gen.NonEmptyListOf(Gen.Choose(1, 9)).Select(s => (IReadOnlyList<int>)[.. s.Take(6)]);
        var gen =
            from th in thinking
            from ph in phases
            from stopWithTools in Gen.Elements(false, true)
            from textInFinish in Gen.Elements(false, true)
            from done in Gen.Elements(true, true, false)
            from usage in Gen.Choose(0, 2)
            from framing in Gen.Elements("lf", "crlf", "no-space", "comments")
            from sizes in readSizes
            from seed in Gen.Choose(0, int.MaxValue)
            select new UpstreamScenario(th, ph, stopWithTools, textInFinish, usage, done, framing, sizes, seed);
        return gen.ToArbitrary();
    }

    // Every call of an answer has its own id (indexes may restart at 0 in each tool phase).
    private static PhaseSpec UniqueIds(PhaseSpec phase, int number) =>
        phase.Tools is null ? phase : phase with { Tools = [.. phase.Tools.Select(t => t with { Id = $"{t.Id}_p{number}" })] };

    private static Gen<string> Arguments()
    {
        var value = Gen.OneOf(
            Gen.Elements(Atoms).Select(a => (JsonNode?)JsonValue.Create(a)),
            Gen.Choose(-1000, 1000).Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Constant<JsonNode?>(null),
            Gen.ListOf(Gen.Elements(Atoms)).Select(l => (JsonNode?)new JsonArray([.. l.Take(3).Select(s => (JsonNode?)JsonValue.Create(s))])));
        var member =
            from key in Gen.Elements("path", "command", "n", "flag", "items", "päth", "q")
            from v in value
            select (Key: key, Value: v);
        var obj = Gen.ListOf(member).Select(members =>
        {
            var o = new JsonObject();
            foreach (var m in members.Take(4))
            {
                o[m.Key] = m.Value?.DeepClone();
            }

            return Serialize(o);
        });

        // Mostly objects; sometimes no arguments at all.
        return Gen.Frequency((8, obj), (1, Gen.Constant(string.Empty)));
    }

    public override string ToString() =>
        $"seed {Seed}, framing {Framing}, reads [{string.Join(",", ReadSizes)}], done {SendDone}, usage {UsageMode}, stopWithTools {StopWithTools}, textInFinish {TextInFinishChunk}\n" +
        $"thinking {JsonSerializer.Serialize(Thinking)}\n" +
        string.Join('\n', Phases.Select(p => p.Text is { } t ? "text " + JsonSerializer.Serialize(t) : "tools " + string.Join(" | ", p.Tools!.Select(x => $"{x.Name}{(x.LateName ? "(late)" : "")} {x.Arguments}"))));
}
