using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// Anthropic Messages request → OpenAI Chat Completions request (C01–C40). The generated partial
/// (specs/mappings.json, mapping <c>Request</c>) declares <see cref="Translate"/> and one handler per union
/// variant; this file is the top level and the parameters (C33–C40), the other concerns sit in
/// <c>RequestTranslator.Messages.cs</c>, <c>.Content.cs</c>, <c>.Tools.cs</c> and <c>.Thinking.cs</c>.
/// </summary>
/// <remarks>
/// Lossy steps are recorded in <see cref="RequestContext.Report"/>; what the response side needs (requested
/// model, shortened tool names, stop sequences to enforce, the input estimate) goes to
/// <see cref="RequestContext.State"/>. A request the target cannot carry throws a 400
/// <see cref="TranslationException"/> naming the field.
/// </remarks>
public static partial class RequestTranslator
{
    /// <summary>Maps an Anthropic Messages request to an OpenAI Chat Completions request (mapping <c>Request</c>).</summary>
    /// <param name="source">The Anthropic request, e.g. from <see cref="AnthropicRequestReader.Parse"/>.</param>
    /// <param name="context">Options in; the conversion report and the state the response side needs out.</param>
    /// <returns>The OpenAI request for the upstream model chosen by <see cref="TranslationOptions.ResolveModel"/>.</returns>
    /// <exception cref="TranslationException">A 400: the request holds something the target cannot carry (a server
    /// tool, a URL document …) and the options do not say to drop it, or a message has an unknown role.</exception>
    public static partial CreateChatCompletionRequest Translate(CreateMessageParams source, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);

        var work = RequestWork.Begin(context);
        try
        {
            var options = context.Options;
            var state = context.State;

            // Thinking first: it routes the request (ReasoningModel/CompletionModel, C33), and the upstream
            // model decides roles, token and sampling parameters.
            if (source.Thinking is not null)
            {
                DispatchThinking(source.Thinking, context);
            }

            string requested = source.Model.Value;
            string target = options.ResolveModel(requested, work.ThinkingRequested);
            work.TargetModel = target;
            state.RequestedModel = requested;
            state.TargetModel = target;
            state.ThinkingRequested = work.ThinkingRequested;

            var result = new CreateChatCompletionRequest
            {
                Model = new ModelIdsShared(target),
                Messages = work.Messages,
            };

            AnthropicRequestReader.ReportSkippedSystemBlocks(source, context);
            TranslateSystem(source.System, context, work);
            TranslateMessages(source.Messages, context, work);
            TranslateTools(source.Tools, source.ToolChoice, result, context, work);
            ApplyReasoning(source, result, context, work);
            ApplyOutputFormat(source.OutputConfig, result, context);
            ApplyMaxTokens(source, result, context);
            ApplySampling(source, result, context);
            ApplyStopSequences(source, result, context);
            ApplyMetadata(source.Metadata, result, context);
            ApplyStream(source, result, context);
            ReportDroppedParameters(source, context);

            state.EstimatedInputTokens = TokenEstimator.Estimate(source, context.KnownMessages)
                + (context.CachedTools is { SourceCount: > 0 } cached ? TokenEstimator.ToolsPrompt(source.ToolChoice) + cached.Tokens : 0)
                + (context.CachedSystem?.Tokens ?? 0);
            return result;
        }
        finally
        {
            RequestWork.End(context);
        }
    }

    // C34: o-series and gpt-5 take max_completion_tokens; classic models max_tokens.
    // A limit on the target's output (Claude Code asks for 128000; gpt-4o-class models refuse more
    // than 16384) clamps max_tokens and reports it, rather than failing every request upstream.
    private static void ApplyMaxTokens(CreateMessageParams source, CreateChatCompletionRequest result, RequestContext context)
    {
        long maxTokens = source.MaxTokens;
        var limit = context.Options.Profile.MaxOutputTokensFor(context.State.TargetModel);
        if (limit is { } cap && maxTokens > cap)
        {
            context.Report.Add(ConversionCodes.MaxTokensClamped, $"max_tokens {maxTokens} is above the target's limit; sent {cap}.");
            maxTokens = cap;
        }

        if (context.Options.Profile.NeedsMaxCompletionTokens(context.State.TargetModel))
        {
            result.MaxCompletionTokens = maxTokens;
        }
        else
        {
            result.MaxTokens = maxTokens;
        }
    }

    // C35, C36: sampling parameters only when the client sent them and the target accepts them.
    private static void ApplySampling(CreateMessageParams source, CreateChatCompletionRequest result, RequestContext context)
    {
        var profile = context.Options.Profile;
        string target = context.State.TargetModel;
        bool defaultsOnly = profile.AcceptsOnlyDefaultSampling(target);

        if (source.Temperature is { } temperature)
        {
            if (defaultsOnly)
            {
                context.Report.Add(ConversionCodes.TemperatureDropped, $"temperature dropped: {target} accepts only the default");
            }
            else
            {
                result.Temperature = temperature;
            }
        }

        if (source.TopP is { } topP)
        {
            if (defaultsOnly)
            {
                context.Report.Add(ConversionCodes.TopPDropped, $"top_p dropped: {target} accepts only the default");
            }
            else
            {
                result.TopP = topP;
            }
        }

        if (source.TopK is { } topK)
        {
            if (profile.AcceptsTopK)
            {
                // CUSTOM: top_k is not an OpenAI member; vLLM, llama.cpp and others read it at the top level.
                result.AdditionalProperties ??= new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal);
                result.AdditionalProperties["top_k"] = JsonValues.Number(topK);
            }
            else
            {
                context.Report.Add(ConversionCodes.TopKDropped, "top_k dropped: the target does not accept it");
            }
        }
    }

    // C37: the first MaxStopSequences go to `stop`; the rest are enforced on the output by the proxy.
    private static void ApplyStopSequences(CreateMessageParams source, CreateChatCompletionRequest result, RequestContext context)
    {
        if (source.StopSequences is not { Count: > 0 } stops)
        {
            return;
        }

        var options = context.Options;
        var state = context.State;
        state.StopSequences.AddRange(stops);

        // CUSTOM: o-series and gpt-5 reject `stop` (the OpenAI spec: "Not supported with latest reasoning
        // models"); for targets that accept only default sampling every sequence is enforced by the proxy.
        int limit = options.Profile.AcceptsOnlyDefaultSampling(state.TargetModel) ? 0 : Math.Max(0, options.Profile.MaxStopSequences);
        if (limit > 0)
        {
            result.Stop = stops.Count <= limit ? [.. stops] : stops.GetRange(0, limit);
        }

        if (stops.Count <= limit)
        {
            return;
        }

        var rest = stops.GetRange(limit, stops.Count - limit);
        if (options.EnforceStopSequences)
        {
            state.EnforcedStopSequences.AddRange(rest);
            context.Report.Add(ConversionCodes.StopSequencesEnforced, $"{rest.Count} stop sequence(s) beyond the target's limit of {limit} are enforced by the proxy");
        }
        else
        {
            context.Report.Add(ConversionCodes.ParameterDropped, $"{rest.Count} stop sequence(s) beyond the target's limit of {limit} dropped");
        }
    }

    // C38: metadata.user_id → user; nothing else in metadata has an OpenAI equivalent.
    private static void ApplyMetadata(Anthropic.Metadata? metadata, CreateChatCompletionRequest result, RequestContext context)
    {
        if (metadata is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(metadata.UserId))
        {
            result.User = metadata.UserId;
        }

        if (metadata.AdditionalProperties is { Count: > 0 } extra)
        {
            foreach (var name in extra.Keys)
            {
                context.Report.Add(ConversionCodes.MetadataDropped, $"metadata.{name} dropped: only user_id has an OpenAI equivalent");
            }
        }
    }

    // C39: a stream asks for the usage chunk too, so message_delta can carry the full usage (C65).
    private static void ApplyStream(CreateMessageParams source, CreateChatCompletionRequest result, RequestContext context)
    {
        if (source.Stream != true)
        {
            return;
        }

        context.State.Stream = true;
        result.Stream = true;
        result.StreamOptions = new ChatCompletionStreamOptions { IncludeUsage = true };
    }

    // output_config.format (structured outputs) → response_format json_schema. strict: true only for a schema
    // OpenAI's strict mode accepts: it rejects the whole request when the root is not an object, or an object
    // somewhere allows extra members or leaves a property out of required, which Anthropic's structured outputs
    // allow (optional properties). Such a schema is still sent, without strict. Not reported: no conversion code
    // fits (nothing of the request is dropped; only the target's enforcement of the schema is weaker).
    private static void ApplyOutputFormat(OutputConfig? config, CreateChatCompletionRequest result, RequestContext context)
    {
        if (config is null)
        {
            return;
        }

        RequestReport.UnknownFields(config.AdditionalProperties, "output_config", context);
        if (config.Format is { } format)
        {
            RequestReport.UnknownFields(format.AdditionalProperties, "output_config.format", context);
            result.ResponseFormat = new ResponseFormatJsonSchema
            {
                JsonSchema = new ResponseFormatJsonSchemaJsonSchema
                {
                    // CUSTOM: Anthropic's format has no name; OpenAI requires one.
                    Name = "output",
                    Schema = format.Schema,
                    Strict = StrictSchema.IsAccepted(format.Schema) ? true : null,
                },
            };
        }
    }
    // Members with no OpenAI counterpart (C05 for the unknown ones).
    private static void ReportDroppedParameters(CreateMessageParams source, RequestContext context)
    {
        if (source.CacheControl is not null)
        {
            RequestReport.CacheControlRemoved(context);
        }

        if (source.Container is not null)
        {
            context.Report.Add(ConversionCodes.ParameterDropped, "container dropped: no OpenAI equivalent");
        }

        if (source.InferenceGeo is not null)
        {
            context.Report.Add(ConversionCodes.ParameterDropped, "inference_geo dropped: no OpenAI equivalent");
        }

        if (source.ServiceTier is not null)
        {
            context.Report.Add(ConversionCodes.ParameterDropped, "service_tier dropped: Anthropic tiers do not map to OpenAI tiers");
        }

        RequestReport.UnknownFields(source.AdditionalProperties, string.Empty, context);
    }
}
