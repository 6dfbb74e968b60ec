namespace Protocols.Benchmarks;

/// <summary>
/// The benchmark inputs, embedded in the assembly (Inputs/*.json, Inputs/*.sse; see Inputs/README.md), so a run
/// never reads tests/ or the working directory.
/// </summary>
internal static class BenchmarkInputs
{
    /// <summary>(a) A small Messages request, as an SDK sends it: system string, one user turn, temperature.</summary>
    public static byte[] SmallRequest { get; } = Load("small-request.json");

    /// <summary>(b) The body of tests/fixtures/claude-code/request-2-parallel-tools-round-trip.json (~49 KB, 12 tools).</summary>
    public static byte[] ClaudeCodeRequest { get; } = Load("claude-code-request.json");

    /// <summary>(c) A non-streaming chat completion: text plus two parallel tool calls, as OpenAI formats it.</summary>
    public static byte[] ToolCallResponse { get; } = Load("tool-call-response.json");

    /// <summary>(d) The 200 <c>data:</c> payloads of a chat-completions stream: text, then two parallel tool calls, finish, usage.</summary>
    public static byte[][] StreamChunks { get; } = SplitSse(Load("stream-200.sse"));

    /// <summary>The total size of <see cref="StreamChunks"/> (the JSON payloads, without SSE framing or <c>[DONE]</c>).</summary>
    public static long StreamChunkBytes { get; } = StreamChunks.Sum(c => (long)c.Length);

    private static byte[] Load(string name)
    {
        using var stream = typeof(BenchmarkInputs).Assembly.GetManifestResourceStream("Inputs/" + name)
            ?? throw new InvalidOperationException($"embedded input Inputs/{name} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // The file is plain `data: {json}\n\n` lines ending with `data: [DONE]`; the benchmark starts from each
    // event's data, as OpenAIStreamReader hands it over after SseParser has done the framing.
    private static byte[][] SplitSse(byte[] sse)
    {
        var chunks = new List<byte[]>();
        ReadOnlySpan<byte> rest = sse;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            if (line.StartsWith("data: "u8))
            {
                var data = line["data: ".Length..];
                if (!data.SequenceEqual("[DONE]"u8))
                {
                    chunks.Add(data.ToArray());
                }
            }
        }

        return [.. chunks];
    }
}
