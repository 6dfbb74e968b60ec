using System.Text.Json;
using System.Text.RegularExpressions;

namespace Protocols.Translation.Tests.Response;

/// <summary>
/// The exchange state and options a response or stream case runs with. Defaults: requested model
/// <c>claude-sonnet-4-5</c>, target <c>gpt-4o</c>, 42 estimated input tokens; a case overrides them with
/// an optional <c>&lt;name&gt;.state.json</c> (<c>requestedModel</c>, <c>toolNames</c>, <c>stopSequences</c>,
/// <c>enforcedStopSequences</c>, <c>estimatedInputTokens</c>, <c>echoRequestedModel</c>).
/// </summary>
internal static partial class CaseState
{
    public const string RequestedModel = "claude-sonnet-4-5";

    public static ExchangeState DefaultState() => new()
    {
        RequestedModel = RequestedModel,
        TargetModel = "gpt-4o",
        EstimatedInputTokens = 42,
    };

    /// <summary>Reads the case's state file if there is one.</summary>
    public static (ExchangeState State, TranslationOptions Options) Load(string stateFile)
    {
        var state = DefaultState();
        var options = new TranslationOptions();
        if (!File.Exists(stateFile))
        {
            return (state, options);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(stateFile));
        var root = doc.RootElement;
        if (root.TryGetProperty("requestedModel", out var requested))
        {
            state.RequestedModel = requested.GetString()!;
        }

        if (root.TryGetProperty("estimatedInputTokens", out var estimate))
        {
            state.EstimatedInputTokens = estimate.GetInt64();
        }

        if (root.TryGetProperty("toolNames", out var names))
        {
            foreach (var p in names.EnumerateObject())
            {
                state.ToolNames[p.Name] = p.Value.GetString()!;
            }
        }

        if (root.TryGetProperty("stopSequences", out var stops))
        {
            state.StopSequences.AddRange(stops.EnumerateArray().Select(s => s.GetString()!));
        }

        if (root.TryGetProperty("enforcedStopSequences", out var enforced))
        {
            state.EnforcedStopSequences.AddRange(enforced.EnumerateArray().Select(s => s.GetString()!));
        }

        if (root.TryGetProperty("echoRequestedModel", out var echo))
        {
            options.EchoRequestedModel = echo.GetBoolean();
        }

        return (state, options);
    }

    /// <summary>Replaces minted ids (<c>msg_</c>/<c>toolu_</c> + 24 base62) with stable placeholders.</summary>
    public static string NormalizeIds(string json) =>
        ToolUseId().Replace(MessageId().Replace(json, "msg_<generated>"), "toolu_<generated>");

    [GeneratedRegex("msg_[A-Za-z0-9]{24}")]
    private static partial Regex MessageId();

    [GeneratedRegex("toolu_[A-Za-z0-9]{24}")]
    private static partial Regex ToolUseId();
}
