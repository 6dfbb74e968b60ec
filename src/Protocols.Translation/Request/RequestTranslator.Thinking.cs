using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Thinking configuration (C33) and thinking history (C23, C24).
public static partial class RequestTranslator
{
    private static partial void HandleThinking(ThinkingConfigEnabled value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        work.ThinkingRequested = true;
        work.ThinkingBudget = value.BudgetTokens;
    }

    private static partial void HandleThinking(ThinkingConfigDisabled value, RequestContext context) =>
        RequestWork.Of(context).ThinkingDisabled = true;

    private static partial void HandleThinking(ThinkingConfigAdaptive value, RequestContext context) =>
        RequestWork.Of(context).ThinkingRequested = true;

    private static partial void HandleThinking(UnknownThinkingConfigParam value, RequestContext context) =>
        context.Report.Add(ConversionCodes.ThinkingDropped, $"thinking: type '{value.Tag}' is not known; ignored");

    // C23: thinking goes back only to targets configured to take it (DeepSeek-style reasoning_content).
    private static partial void HandleContentBlock(RequestThinkingBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        RequestReport.UnknownFields(value.AdditionalProperties, work.BlockPath, context);
        if (work.Role == TurnRole.Assistant && context.Options.Profile.SendReasoningContent)
        {
            work.ReasoningTexts.Add(value.Thinking);
            return;
        }

        context.Report.Add(ConversionCodes.ThinkingDropped, "thinking blocks in the history dropped: the target does not take thinking back");
    }

    // C24: dropped, never an error.
    private static partial void HandleContentBlock(RequestRedactedThinkingBlock value, RequestContext context) =>
        context.Report.Add(ConversionCodes.RedactedThinkingDropped, "redacted_thinking blocks in the history dropped: only Anthropic can read them");

    /// <summary>
    /// C33: <c>enabled</c> maps its budget to an effort by the profile's thresholds; <c>adaptive</c> (or no
    /// thinking at all) takes <c>output_config.effort</c>; <c>disabled</c> sends nothing. Targets that are
    /// not reasoning-capable get nothing, and the loss is reported.
    /// </summary>
    private static void ApplyReasoning(CreateMessageParams source, CreateChatCompletionRequest result, RequestContext context, RequestWork work)
    {
        var profile = context.Options.Profile;
        bool reasoning = profile.IsReasoning(work.TargetModel);

        ReasoningEffort? effort = null;
        if (work.ThinkingDisabled)
        {
            // C33: disabled sends no reasoning_effort; an effort the client asked for anyway is lost, and said so.
            if (source.OutputConfig?.Effort is { } ignored)
            {
                context.Report.Add(ConversionCodes.ParameterDropped, $"output_config.effort '{ignored.Value}' dropped: thinking is disabled");
            }
        }
        else if (work.ThinkingBudget is { } budget)
        {
            effort = budget < profile.LowEffortBelow ? ReasoningEffort.Low
                : budget < profile.MediumEffortBelow ? ReasoningEffort.Medium
                : ReasoningEffort.High;
        }
        else if (source.OutputConfig?.Effort is { } level)
        {
            effort = Effort(level, context);
        }

        if (!reasoning)
        {
            if (work.ThinkingRequested)
            {
                context.Report.Add(ConversionCodes.ThinkingDropped, $"thinking omitted: {work.TargetModel} is not a reasoning model");
            }
            else if (effort is not null)
            {
                context.Report.Add(ConversionCodes.ParameterDropped, $"output_config.effort dropped: {work.TargetModel} is not a reasoning model");
            }

            return;
        }

        result.ReasoningEffort = effort;
    }

    private static ReasoningEffort? Effort(EffortLevel level, RequestContext context)
    {
        switch (level.Value)
        {
            case "low":
                return ReasoningEffort.Low;
            case "medium":
                return ReasoningEffort.Medium;
            case "high":
                return ReasoningEffort.High;

            // CUSTOM: most OpenAI-compatible backends accept only low/medium/high; Anthropic's top levels map to high.
            case "xhigh":
            case "max":
                return ReasoningEffort.High;
            default:
                context.Report.Add(ConversionCodes.ParameterDropped, $"output_config.effort '{level.Value}' is not known; omitted");
                return null;
        }
    }
}
