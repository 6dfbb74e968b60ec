using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Protocols.Core;
using Protocols.Testing;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>
/// The translation cache (<see cref="TranslationCache"/>, <see cref="RequestTranslator.TranslateBody"/>): a hit on
/// the tools or the system prompt gives exactly what translating without it gives — the same OpenAI JSON,
/// conversion notes in the same order, tool-name mappings, token estimate and errors — for every request case and
/// both Claude Code captures.
/// </summary>
public sealed class TranslationCacheTests
{
    public static TheoryData<string> Bodies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RequestCases.CasesDir, "*.anthropic.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        data.Add("claude-code:request-1-first-turn.json");
        data.Add("claude-code:request-2-parallel-tools-round-trip.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void CacheHit_GivesTheSameTranslationAsWithoutTheCache(string name)
    {
        var body = name.StartsWith("claude-code:", StringComparison.Ordinal)
            ? RequestCases.ClaudeCodeBody(name["claude-code:".Length..])
            : File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, name));
        bool hasTools = JsonNode.Parse(body)!["tools"] is JsonArray;

        // A system prompt is cached unless the reader had to skip non-text blocks in it (C03).
        var systemNode = JsonNode.Parse(body)!["system"];
        bool hasPlainSystem = systemNode is JsonValue
            || (systemNode is JsonArray blocks && blocks.All(b => (string?)b?["type"] == "text"));

        foreach (var options in new[] { new TranslationOptions(), RequestCases.Target("gpt-5"), new TranslationOptions { DropServerTools = true } })
        {
            var cache = new TranslationCache(options);
            var expected = Outcome.Of(() => Plain(body, options));
            for (int round = 0; round < 3; round++)
            {
                long hits = cache.Hits;
                long systemHits = cache.SystemHits;
                var actual = Outcome.Of(() => Cached(body, options, cache));
                Assert.Equal(expected.Error, actual.Error);
                if (expected.Error is null)
                {
                    Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Json!), JsonNode.Parse(actual.Json!)), $"{name} round {round}: the JSON differs\n{expected.Json}\n{actual.Json}");
                    SchemaValidator.OpenAI.AssertValid("CreateChatCompletionRequest", actual.Json!);
                    Assert.Equal(expected.Notes, actual.Notes);
                    Assert.Equal(expected.ToolNames, actual.ToolNames);
                    Assert.Equal(expected.Estimate, actual.Estimate);
                    Assert.Equal(expected.ThinkingRequested, actual.ThinkingRequested);

                    // From the second time on, a body with tools is served from the cache.
                    Assert.Equal(hasTools && round > 0 ? hits + 1 : hits, cache.Hits);
                    Assert.Equal(hasPlainSystem && round > 0 ? systemHits + 1 : systemHits, cache.SystemHits);
                }
            }
        }
    }

    [Fact]
    public void CacheHit_AnErrorElsewhereInTheBody_IsTheSameError()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        const string Tools = """[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]""";
        var good = Encoding.UTF8.GetBytes($$"""{"model":"claude-x","max_tokens":10,"tools":{{Tools}},"messages":[{"role":"user","content":"hi"}]}""");
        Cached(good, options, cache);

        var bad = Encoding.UTF8.GetBytes($$"""{"model":"claude-x","max_tokens":10,"tools":{{Tools}},"messages":[{"role":"user","content":[{"type":"text"}]}]}""");
        var plain = Assert.Throws<TranslationException>(() => Plain(bad, options));
        var cached = Assert.Throws<TranslationException>(() => Cached(bad, options, cache));
        Assert.Equal(plain.Message, cached.Message);
        Assert.Contains("messages[0].content[0]", cached.Message, StringComparison.Ordinal);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public void CacheHit_ToolChoiceOfACachedTool_IsKept_AndAnUnknownOneDropped()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        const string Tools = """[{"name":"a","input_schema":{"type":"object"}},{"name":"b","input_schema":{"type":"object"}}]""";
        foreach (var choice in new[] { """{"type":"tool","name":"b"}""", """{"type":"tool","name":"zzz"}""", """{"type":"any"}""" })
        {
            var body = Encoding.UTF8.GetBytes($$"""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":{{Tools}},"tool_choice":{{choice}}}""");
            var expected = Plain(body, options);
            var actual = Cached(body, options, cache);
            AssertSame(expected, actual, "the cached translation");
        }

        Assert.Equal(2, cache.Hits);
    }

    [Fact]
    public void SystemHit_TheRoleStillFollowsEachRequestsTarget()
    {
        var options = new TranslationOptions
        {
            ModelMap = [new ModelMapRule { Match = "claude-a", Target = "gpt-5" }, new ModelMapRule { Match = "claude-b", Target = "gpt-4o" }],
        };
        var cache = new TranslationCache(options);
        const string System = """[{"type":"text","text":"You are terse."},{"type":"text","text":"Answer in French.","cache_control":{"type":"ephemeral"}}]""";
        foreach (var model in new[] { "claude-a", "claude-b", "claude-a", "claude-b" })
        {
            var body = Encoding.UTF8.GetBytes($$$"""{"model":"{{{model}}}","max_tokens":5,"system":{{{System}}},"messages":[{"role":"user","content":"x"}]}""");
            var expected = Plain(body, options);
            var actual = Cached(body, options, cache);
            AssertSame(expected, actual, "the cached translation");
            Assert.Equal(model == "claude-a" ? "developer" : "system", (string?)JsonNode.Parse(actual.Json!)!["messages"]![0]!["role"]);
        }

        Assert.Equal(3, cache.SystemHits);
        Assert.Equal(1, cache.SystemCount);
    }

    [Fact]
    public void BothCached_TheRestOfTheBodyIsStillRead()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        foreach (var text in new[] { "first", "second", "third" })
        {
            var body = Encoding.UTF8.GetBytes($$$"""{"system":"S","tools":[{"name":"a","input_schema":{"type":"object"}}],"model":"m","max_tokens":5,"messages":[{"role":"user","content":"{{{text}}}"}]}""");
            var expected = Plain(body, options);
            var actual = Cached(body, options, cache);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Json!), JsonNode.Parse(actual.Json!)), actual.Json);
            Assert.Contains(text, actual.Json, StringComparison.Ordinal);
        }

        Assert.Equal(2, cache.Hits);
        Assert.Equal(2, cache.SystemHits);
    }

    [Fact]
    public void OtherOptions_BypassTheCache()
    {
        var cache = new TranslationCache(new TranslationOptions());
        var body = Encoding.UTF8.GetBytes("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"a","input_schema":{"type":"object"}}]}""");
        for (int i = 0; i < 3; i++)
        {
            Cached(body, new TranslationOptions(), cache);
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Hits + cache.Misses);
    }

    [Fact]
    public void Cache_IsBounded()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options, capacity: 2);
        for (int i = 0; i < 5; i++)
        {
            var body = Encoding.UTF8.GetBytes($$$"""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t{{{i}}}","input_schema":{"type":"object"}}]}""");
            Cached(body, options, cache);
            Assert.True(cache.Count <= 2, $"{cache.Count} entries");
        }

        Assert.Equal(5, cache.Misses);
    }

    [Fact]
    public void RecentTools_AreRecognisedByTheScanWithoutBeingScanned_OnlyWhenTheirWholeValueIsThere()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        const string A = """{"name":"a","description":"first ] tool }","input_schema":{"type":"object"}}""";
        const string B = """{"name":"b","input_schema":{"type":"object","properties":{"x":{"type":"string"}}}}""";
        byte[] Body(string tools, string tail = "") => Encoding.UTF8.GetBytes(
            $$$"""{"model":"m","max_tokens":5,"tools":{{{tools}}}{{{tail}}},"messages":[{"role":"user","content":"x"}]}""");

        Cached(Body($"[{A}]"), options, cache);

        // The same tools: recognised by the scan (the member carries the entry), and the translation is the plain one.
        var members = new List<TopLevelMember.Member>();
        Assert.True(TopLevelMember.TryScan(Body($"[{A}]"), members, cache.Known));
        var tools = members[TopLevelMember.IndexOf(Body($"[{A}]"), members, "tools"u8)!.Value];
        Assert.NotNull(tools.Known);
        var plainMembers = new List<TopLevelMember.Member>();
        Assert.True(TopLevelMember.TryScan(Body($"[{A}]"), plainMembers));
        Assert.Equal(plainMembers, members.Select(m => m with { Known = null }));

        // A list that merely starts like the cached one is scanned and translated as itself.
        var longer = Body($"[{A},{B}]");
        Assert.True(TopLevelMember.TryScan(longer, members = [], cache.Known));
        Assert.All(members, m => Assert.Null(m.Known));
        var expected = Plain(longer, options);
        var actual = Cached(longer, options, cache);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Json!), JsonNode.Parse(actual.Json!)), actual.Json);
        Assert.Contains("\"b\"", actual.Json, StringComparison.Ordinal);

        // The cached value followed by something that is not JSON: the same error as without the cache.
        var broken = Body($"[{A}]", "]");
        long hits = cache.Hits;
        Assert.Equal(
            Assert.Throws<TranslationException>(() => Plain(broken, options)).Message,
            Assert.Throws<TranslationException>(() => Cached(broken, options, cache)).Message);

        // Recognised by the scan but not used (the body went the ordinary way): not counted as a hit.
        Assert.Equal(hits, cache.Hits);
    }

    [Fact]
    public void OlderEntries_AreStillFound_ByTheirBytes()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        byte[] Body(int i) => Encoding.UTF8.GetBytes($$$"""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t{{{i}}}","input_schema":{"type":"object"}}]}""");
        for (int i = 0; i < 10; i++)
        {
            Cached(Body(i), options, cache);
        }

        // More tool lists than the scan remembers: the first is still a hit (looked up), with the same translation.
        var expected = Plain(Body(0), options);
        var actual = Cached(Body(0), options, cache);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Json!), JsonNode.Parse(actual.Json!)), actual.Json);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(10, cache.Misses);
    }

    [Fact]
    public void AGrowingConversation_ReadsOnlyItsNewMessages_AndTranslatesAsWithoutTheCache()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var capture = JsonNode.Parse(RequestCases.ClaudeCodeBody("request-2-parallel-tools-round-trip.json"))!.AsObject();
        var all = capture["messages"]!.AsArray().Select(m => m!.ToJsonString()).ToList();
        Assert.True(all.Count >= 3, "the capture has a round trip");

        // Turn by turn, as Claude Code sends them: every earlier message again, unchanged, plus the new ones.
        for (int count = 1; count <= all.Count; count++)
        {
            var body = WithMessages(capture, all.Take(count));
            long hits = cache.MessageHits;
            var expected = Outcome.Of(() => Plain(body, options));
            var actual = Outcome.Of(() => Cached(body, options, cache));
            AssertSame(expected, actual, $"{count} messages");

            // The earlier messages worth caching were not read again (the last one always is).
            int known = all.Take(count - 1).Count(m => Encoding.UTF8.GetByteCount(m) >= TranslationCache.MinCachedMessage);
            Assert.Equal(hits + known, cache.MessageHits);
        }

        // The same body again (a retry): all but the last message come from the cache, same result.
        var retry = WithMessages(capture, all);
        long before = cache.MessageHits;
        AssertSame(Outcome.Of(() => Plain(retry, options)), Outcome.Of(() => Cached(retry, options, cache)), "retry");
        int reused = all.SkipLast(1).Count(m => Encoding.UTF8.GetByteCount(m) >= TranslationCache.MinCachedMessage);
        Assert.Equal(before + reused, cache.MessageHits);

        // The same long message twice in one request.
        var twice = WithMessages(capture, [all[0], """{"role":"assistant","content":"ok"}""", all[0]]);
        AssertSame(Outcome.Of(() => Plain(twice, options)), Outcome.Of(() => Cached(twice, options, cache)), "twice");
    }

    [Theory]
    [InlineData("""{"role":"user","content":[{"type":"text"}]}""")]
    [InlineData("""{"role":"robot","content":"hello"}""")]
    [InlineData("""{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_nowhere","content":"x"}]}""")]
    [InlineData("""{"role":"user","content":"fine"},{"role":"user","content":[{"type":"image"}]}""")]
    public void ANewBrokenMessage_AfterKnownOnes_IsTheSameErrorAsWithoutTheCache(string broken)
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var capture = JsonNode.Parse(RequestCases.ClaudeCodeBody("request-2-parallel-tools-round-trip.json"))!.AsObject();
        var all = capture["messages"]!.AsArray().Select(m => m!.ToJsonString()).ToList();
        Cached(WithMessages(capture, all), options, cache);
        Assert.True(cache.MessageCount > 0);

        var body = WithMessages(capture, [.. all, broken]);
        var expected = Outcome.Of(() => Plain(body, options));
        var actual = Outcome.Of(() => Cached(body, options, cache));
        AssertSame(expected, actual, broken);
    }

    [Fact]
    public void MessagesThatStartAlike_AreEachKnownByTheirWholeBytes()
    {
        // The cache finds candidates by a message's first MinCachedMessage bytes and decides by all of them.
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var start = new string('s', TranslationCache.MinCachedMessage + 40);
        string A(string tail) => $$"""{"role":"user","content":"{{start}} {{tail}}"}""";
        const string Next = """{"role":"assistant","content":"ok"},{"role":"user","content":"next"}""";
        var capture = JsonNode.Parse(RequestCases.ClaudeCodeBody("request-2-parallel-tools-round-trip.json"))!.AsObject();

        foreach (var (messages, hits) in new[]
        {
            (new[] { A("first"), Next }, 0),
            (new[] { A("second"), Next }, 0),                    // same start, another message: read, not taken for the first
            (new[] { A("first"), Next, A("second"), Next }, 2),  // both known, each for itself
            (new[] { A("first") + " ", Next }, 1),               // whitespace after a known message
            (new[] { A("third"), Next }, 0),
        })
        {
            var body = WithMessages(capture, messages);
            long before = cache.MessageHits;
            AssertSame(Outcome.Of(() => Plain(body, options)), Outcome.Of(() => Cached(body, options, cache)), string.Join(" | ", messages));
            Assert.Equal(before + hits, cache.MessageHits);
        }
    }

    [Theory]
    [InlineData("{0}x,{1}")]
    [InlineData("{0}{1}")]
    [InlineData("{0},{1},")]
    [InlineData("{0} ]")]
    [InlineData("{0}")]
    public void AKnownMessage_FollowedByWhatIsNotACommaOrTheEnd_IsTheSameErrorAsWithoutTheCache(string shape)
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var known = $$"""{"role":"user","content":"{{new string('k', TranslationCache.MinCachedMessage)}}"}""";
        const string Last = """{"role":"user","content":"last"}""";
        var good = Encoding.UTF8.GetBytes($$"""{"model":"m","max_tokens":5,"messages":[{{known}},{"role":"assistant","content":"ok"},{{Last}}]}""");
        Cached(good, options, cache);
        Assert.Equal(1, cache.MessageCount);

        // The messages array's text, not necessarily JSON.
        var body = Encoding.UTF8.GetBytes($$"""{"model":"m","max_tokens":5,"messages":[{{string.Format(CultureInfo.InvariantCulture, shape, known, Last)}}]}""");
        AssertSame(Outcome.Of(() => Plain(body, options)), Outcome.Of(() => Cached(body, options, cache)), shape);
    }

    [Fact]
    public void CachedMessages_AreBoundedInBytes()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options, messageBytes: 4000);
        for (int i = 0; i < 40; i++)
        {
            var text = $"message {i} " + new string('x', 600);
            var body = Encoding.UTF8.GetBytes($$$"""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"{{{text}}}"},{"role":"assistant","content":"ok"},{"role":"user","content":"next"}]}""");
            Cached(body, options, cache);
            Assert.InRange(cache.MessageBytes, 0, 4000);
        }

        Assert.True(cache.MessageCount > 0);
    }

    [Fact]
    public void ToolsHit_AfterTheLongNameWasFirstSeenInTheHistory_StillNotesTheShortening()
    {
        // C13: messages are translated before tools, so a history tool_use records the shortened name first; the
        // cached tools must still carry the note for a later request without that tool_use.
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        string longName = "mcp__my_server__" + new string('x', 60);
        string tools = """[{"name":"NAME","description":"d","input_schema":{"type":"object","properties":{"a":{"type":"string"}}}}]""".Replace("NAME", longName, StringComparison.Ordinal);
        var first = Encoding.UTF8.GetBytes($$"""
            {"model":"m","max_tokens":10,"tools":{{tools}},"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"{{longName}}","input":{"a":"b"} } ]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}
            """);
        AssertSame(Plain(first, options), Cached(first, options, cache), "the first request");

        // A new conversation with the same tools, then the first one again (its history notes the name too).
        var second = Encoding.UTF8.GetBytes($$"""{"model":"m","max_tokens":10,"tools":{{tools}},"messages":[{"role":"user","content":"hello"}]}""");
        var expected = Plain(second, options);
        AssertSame(expected, Cached(second, options, cache), "a new conversation");
        Assert.Contains(expected.Notes, n => n.StartsWith(ConversionCodes.ToolNameShortened + ": ", StringComparison.Ordinal));
        AssertSame(Plain(first, options), Cached(first, options, cache), "the first request again");
        Assert.Equal(2, cache.Hits);
    }

    [Fact]
    public void MessagesDifferingOnlyInToolIds_AreEachKnownForThemselves()
    {
        // An audit probe: cached messages are matched by all their bytes, a tool id included.
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var pad = new string('p', 300);
        foreach (var id in new[] { "toolu_A", "toolu_B", "toolu_A", "toolu_AB" })
        {
            var body = Encoding.UTF8.GetBytes("""
                {"model":"m","max_tokens":10,"messages":[
                  {"role":"user","content":"PAD"},
                  {"role":"assistant","content":[{"type":"text","text":"PAD"},{"type":"tool_use","id":"ID","name":"a","input":{"q":"PAD"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"ID","content":"PAD"}]},
                  {"role":"user","content":"PAD more"}],
                 "tools":[{"name":"a","input_schema":{"type":"object"}}]}
                """.Replace("PAD", pad, StringComparison.Ordinal).Replace("ID", id, StringComparison.Ordinal));
            AssertSame(Plain(body, options), Cached(body, options, cache), id);
        }

        Assert.True(cache.MessageHits > 0);
    }

    [Fact]
    public void ConcurrentRequests_OnASmallCache_GiveWhatTranslatingWithoutItGives()
    {
        // An audit probe: tools, system prompts and messages evicted and re-added under four threads.
        var options = new TranslationOptions();
        var cache = new TranslationCache(options, capacity: 3);
        var bodies = Enumerable.Range(0, 24).Select(i =>
        {
            var pad = new string((char)('a' + (i % 5)), 260 + i);
            return Encoding.UTF8.GetBytes($$$"""
                {"model":"m","max_tokens":10,"system":"sys {{{i % 4}}}","tools":[{"name":"t{{{i % 5}}}","input_schema":{"type":"object"}}],"messages":[
                  {"role":"user","content":"{{{pad}}}"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_{{{i % 3}}}","name":"t{{{i % 5}}}","input":{"p":"{{{pad}}}"} }]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_{{{i % 3}}}","content":"{{{pad}}} r{{{i}}}"}]}]}
                """);
        }).ToArray();
        var expected = bodies.Select(b => Plain(b, options)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            int i = n % bodies.Length;
            var actual = Cached(bodies[i], options, cache);
            if (!JsonNode.DeepEquals(JsonNode.Parse(actual.Json!), JsonNode.Parse(expected[i].Json!))
                || !actual.Notes.SequenceEqual(expected[i].Notes)
                || !actual.ToolNames.SequenceEqual(expected[i].ToolNames)
                || actual.Estimate != expected[i].Estimate)
            {
                failures.Add($"{i}: {actual.Json}");
            }
        });
        Assert.Empty(failures);
    }

    private static byte[] WithMessages(JsonObject capture, IEnumerable<string> messages)
    {
        var body = capture.DeepClone().AsObject();
        // Each item is one message or several, comma-separated.
        body["messages"] = new JsonArray(messages.SelectMany(m => JsonNode.Parse("[" + m + "]")!.AsArray().Select(n => n!.DeepClone())).ToArray());
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static void AssertSame(Outcome expected, Outcome actual, string what)
    {
        Assert.Equal(expected.Error, actual.Error);
        if (expected.Error is null)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Json!), JsonNode.Parse(actual.Json!)), $"{what}: the JSON differs\n{expected.Json}\n{actual.Json}");
            Assert.Equal(expected.Notes, actual.Notes);
            Assert.Equal(expected.ToolNames, actual.ToolNames);
            Assert.Equal(expected.Estimate, actual.Estimate);
        }
    }

    [Theory]
    [InlineData("""{"tools":[1],"a":2}""", """{"a":2}""")]
    [InlineData("""{"a":2,"tools":[1]}""", """{"a":2}""")]
    [InlineData("""{"a":2,"tools":[1],"b":3}""", """{"a":2,"b":3}""")]
    [InlineData("""{"tools":[1]}""", """{}""")]
    [InlineData(""" { "a" : "x]\"}" , "tools" : [ {"s":"]}\\\"[{"}, [[]] ] , "b":{"tools":1} } """, """ { "a" : "x]\"}" , "b":{"tools":1} } """)]
    [InlineData("""{"a":null,"tools":{"n":"\u005d"}}""", """{"a":null}""")]
    public void TopLevelMember_CutsTheMemberOut(string json, string without)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var members = new List<TopLevelMember.Member>();
        Assert.True(TopLevelMember.TryScan(bytes, members));
        var at = TopLevelMember.IndexOf(bytes, members, "tools"u8);
        Assert.NotNull(at);
        var rest = new byte[bytes.Length + 2];
        var cut = Encoding.UTF8.GetString(rest, 0, TopLevelMember.Without(bytes, members, at.Value, -1, rest));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(without), JsonNode.Parse(cut)), cut);

        var member = members[at.Value];
        var value = JsonNode.Parse(bytes.AsSpan(member.ValueStart, member.ValueEnd - member.ValueStart));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json)!["tools"], value));
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""{"tools":[1],"tools":[2]}""")]
    [InlineData("""{"\u0074ools":[1]}""")]
    [InlineData("""{"tools":[1,"x]}""")]
    [InlineData("""{"tools":[1]} trailing""")]
    [InlineData("""[{"tools":[1]}]""")]
    [InlineData("""{"tools" [1]}""")]
    [InlineData("")]
    public void TopLevelMember_NotFoundOrUnexpected_IsNotFound(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var members = new List<TopLevelMember.Member>();
        Assert.False(TopLevelMember.TryScan(bytes, members) && TopLevelMember.IndexOf(bytes, members, "tools"u8) is not null);
    }

    [Fact]
    public void TopLevelMember_AgreesWithTheJsonParser_OnEveryCorpusObject_AndNeverThrowsOnTruncations()
    {
        var files = Directory.GetFiles(RepoPaths.CorpusDir, "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RequestCases.CasesDir, "*.json"))
            .Order(StringComparer.Ordinal)
            .ToList();
        int objects = 0;
        int arrays = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(bytes);
            }
            catch (System.Text.Json.JsonException)
            {
                parsed = null;
            }

            var members = new List<TopLevelMember.Member>();
            bool scanned = TopLevelMember.TryScan(bytes, members);
            if (parsed is JsonObject obj && scanned)
            {
                objects++;
                Assert.Equal(obj.Select(kv => kv.Key), members.Select(m => JsonNode.Parse(bytes.AsSpan(m.KeyStart, m.NameEnd + 1 - m.KeyStart))!.GetValue<string>()));
                var rebuilt = new byte[bytes.Length + 2];
                int length = TopLevelMember.Without(bytes, members, -1, -1, rebuilt);
                Assert.True(JsonNode.DeepEquals(obj, JsonNode.Parse(rebuilt.AsSpan(0, length))), file);
                for (int i = 0; i < members.Count; i++)
                {
                    var value = JsonNode.Parse(bytes.AsSpan(members[i].ValueStart, members[i].ValueEnd - members[i].ValueStart));
                    Assert.True(JsonNode.DeepEquals(obj.ElementAt(i).Value, value), $"{file}: member {i}");

                    // An array member's elements, as the message cache lists them, and the array rebuilt with every other one.
                    if (obj.ElementAt(i).Value is JsonArray array)
                    {
                        arrays++;
                        // Listed by the same scan that lists the members, as the body scan lists the messages.
                        var listed = new TopLevelMember.ArrayElements(bytes[members[i].NameStart..members[i].NameEnd], null);
                        Assert.True(TopLevelMember.TryScan(bytes, [], null, listed), $"{file}: member {i}");
                        var elements = listed.Elements;
                        Assert.Equal(1, listed.Members);
                        Assert.Equal(array.Count, elements.Count);
                        for (int e = 0; e < elements.Count; e++)
                        {
                            Assert.True(JsonNode.DeepEquals(array[e], JsonNode.Parse(bytes.AsSpan()[elements[e]])), $"{file}: member {i}, element {e}");
                        }

                        var keep = Enumerable.Range(0, elements.Count).Select(e => e % 2 == 0).ToArray();
                        length = TopLevelMember.Without(bytes, members, -1, -1, rebuilt, i, elements, keep);
                        var thinned = JsonNode.Parse(rebuilt.AsSpan(0, length))!.AsObject()[obj.ElementAt(i).Key]!.AsArray();
                        Assert.Equal(array.Where((_, e) => e % 2 == 0).Select(n => n?.ToJsonString()), thinned.Select(n => n?.ToJsonString()));
                    }
                }
            }

            // Any prefix of the bytes: a clean "not found", never an exception.
            for (int cut = 0; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 97))
            {
                TopLevelMember.TryScan(bytes.AsSpan(0, cut), []);
            }
        }

        Assert.True(objects > 100, $"only {objects} objects scanned");
        Assert.True(arrays > 100, $"only {arrays} arrays scanned");
    }

    private static Outcome Plain(byte[] body, TranslationOptions options)
    {
        var context = new RequestContext(options);
        var result = RequestTranslator.Translate(AnthropicRequestReader.Parse(body), context);
        return Outcome.From(context, JsonModel.ToJsonString(result));
    }

    private static Outcome Cached(byte[] body, TranslationOptions options, TranslationCache cache)
    {
        var context = new RequestContext(options);
        var translated = RequestTranslator.TranslateBody(body, context, cache);
        var buffer = new ArrayBufferWriter<byte>();
        translated.WriteJson(buffer);

        // The proxy's own buffer (written in place, after what it already holds): the same bytes.
        using var pooled = new PooledBufferWriter(64);
        pooled.Write("prefix"u8);
        translated.WriteJson(pooled);
        Assert.Equal(buffer.WrittenSpan, pooled.WrittenSpan[6..]);
        return Outcome.From(context, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private sealed record Outcome(string? Json, string[] Notes, string[] ToolNames, long Estimate, bool ThinkingRequested, string? Error)
    {
        public static Outcome From(RequestContext context, string json) => new(
            json,
            [.. context.Report.Notes.Select(n => n.Code + ": " + n.Message)],
            [.. context.State.ToolNames.Select(kv => kv.Key + "=" + kv.Value).Order(StringComparer.Ordinal)],
            context.State.EstimatedInputTokens,
            context.State.ThinkingRequested,
            null);

        public static Outcome Of(Func<Outcome> run)
        {
            try
            {
                return run();
            }
            catch (TranslationException e)
            {
                return new Outcome(null, [], [], 0, false, e.Status + " " + e.Message);
            }
        }
    }
}
