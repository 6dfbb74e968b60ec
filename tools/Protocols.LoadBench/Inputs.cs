using System.Text;
using System.Text.Json.Nodes;

namespace Protocols.LoadBench;

/// <summary>The embedded requests and the fake upstream's canned answers.</summary>
public static class Inputs
{
    /// <summary>A 233-byte Messages request as an SDK sends it.</summary>
    public static string SmallRequest { get; } = Read("small-request.json");

    /// <summary>A 49,431-byte Claude Code request (the body of tests/fixtures/claude-code/request-2-parallel-tools-round-trip.json).</summary>
    public static string ClaudeCodeRequest { get; } = Read("claude-code-request.json");

    /// <summary>The non-streaming answer: text plus two parallel tool calls, as OpenAI formats it (1,050 bytes).</summary>
    public static byte[] CompletionResponse { get; } = Encoding.UTF8.GetBytes(Read("tool-call-response.json"));

    /// <summary>
    /// The streaming answer, one element per SSE event (<c>data: …\n\n</c>): a role chunk, 30 text deltas, a tool call
    /// (id and name, then 8 argument fragments), the finish chunk, the usage chunk and <c>[DONE]</c>: 42 events, the
    /// shape OpenAI sends (every chunk with id, created, model, system_fingerprint; <c>"usage":null</c>).
    /// </summary>
    public static IReadOnlyList<byte[]> StreamEvents { get; } = BuildStream();

    /// <summary>The Anthropic request for one cell: <paramref name="json"/> with its model and <c>stream</c> replaced.</summary>
    public static byte[] AnthropicBody(string json, string model, bool stream)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["model"] = model;
        node["stream"] = stream;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static string Read(string name)
    {
        using var stream = typeof(Inputs).Assembly.GetManifestResourceStream("Inputs/" + name)
            ?? throw new InvalidOperationException("missing embedded resource Inputs/" + name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static List<byte[]> BuildStream()
    {
        const string Head = "{\"id\":\"chatcmpl-BxQ7v3kYh2LmN9pRt4sUw6zA1bC3d\",\"object\":\"chat.completion.chunk\",\"created\":1753260000,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_07871e2ad8\",\"choices\":";
        var events = new List<string>
        {
            Head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}",
        };
        var words = "I'll start by looking at the project layout and the failing test, then read the source file that the stack trace points to so that the fix is small and safe."
            .Split(' ');
        for (var i = 0; i < 30; i++)
        {
            var text = (i == 0 ? string.Empty : " ") + words[i % words.Length];
            events.Add(Head + "[{\"index\":0,\"delta\":{\"content\":" + JsonValue.Create(text).ToJsonString() + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        }

        events.Add(Head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_3dEf5GhI7jKl9mNo1pQr3sTu\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        string[] fragments = ["{\"com", "mand\":\"", "ls -la ", "/home/user/", "project/src", "\",\"descr", "iption\":\"List the ", "source files\"}"];
        foreach (var fragment in fragments)
        {
            events.Add(Head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + JsonValue.Create(fragment).ToJsonString() + "}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        }

        events.Add(Head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}");
        events.Add(Head + "[],\"usage\":{\"prompt_tokens\":11842,\"completion_tokens\":87,\"total_tokens\":11929,\"prompt_tokens_details\":{\"cached_tokens\":11520,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}");
        var result = events.Select(e => Encoding.UTF8.GetBytes("data: " + e + "\n\n")).ToList();
        result.Add(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
        return result;
    }
}
