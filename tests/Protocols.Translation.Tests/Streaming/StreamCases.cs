using Protocols.Testing;
using Protocols.Translation.Tests.Response;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>
/// Runs stream cases: <c>Cases/stream/&lt;name&gt;.upstream.sse</c> (an OpenAI SSE body, optionally with
/// <c>&lt;name&gt;.state.json</c>) is read and translated; every event is schema-validated, the sequence is
/// checked against the event grammar, and the transcript must equal <c>&lt;name&gt;.anthropic.sse</c>.
/// Set <c>UPDATE_BASELINES=1</c> to rewrite the expected transcripts (then review the diff).
/// </summary>
internal static class StreamCases
{
    public static string CasesDir => Path.Combine(AppContext.BaseDirectory, "Cases", "stream");

    public static string SourceCasesDir => Path.Combine(RepoPaths.Root, "tests", "Protocols.Translation.Tests", "Cases", "stream");

    /// <summary>Runs a case (whole body in one read, and again 1–3 bytes at a time: the events must not differ).</summary>
    public static async Task<StreamRun> AssertCaseAsync(string name)
    {
        var sse = await File.ReadAllBytesAsync(Path.Combine(CasesDir, name + ".upstream.sse"));
        var (state, options) = CaseState.Load(Path.Combine(CasesDir, name + ".state.json"));
        var run = await StreamHarness.RunSseAsync(sse, state, options);
        var actual = StreamHarness.Transcript(run.Events);

        var (state2, options2) = CaseState.Load(Path.Combine(CasesDir, name + ".state.json"));
        var trickle = await StreamHarness.RunSseAsync(sse, state2, options2, readSizes: [1, 2, 3]);
        Assert.Equal(actual, StreamHarness.Transcript(trickle.Events));

        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(SourceCasesDir, name + ".anthropic.sse"), actual);
            return run;
        }

        var expected = await File.ReadAllTextAsync(Path.Combine(CasesDir, name + ".anthropic.sse"));
        Assert.True(expected == actual, $"Case {name}: the events differ from the expected transcript.\nExpected:\n{expected}\nActual:\n{actual}");
        return run;
    }
}
