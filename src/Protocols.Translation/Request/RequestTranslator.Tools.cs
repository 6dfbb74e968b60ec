using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Tools and tool_choice (C11–C20), tool_use history (C21, C22), tool-name shortening (C13).
public static partial class RequestTranslator
{
    private static void TranslateTools(
        List<ICreateMessageParamsToolsItem>? tools,
        IToolChoice? toolChoice,
        CreateChatCompletionRequest result,
        RequestContext context,
        RequestWork work)
    {
        if (context.CachedTools is { } cached)
        {
            // The same tools were translated before (TranslationCache): the same tools, notes and names.
            work.Tools.AddRange(cached.Tools);
            foreach (var note in cached.Notes)
            {
                context.Report.Add(note.Code, note.Message);
            }

            foreach (var (shortName, original) in cached.ToolNames)
            {
                context.State.ToolNames.TryAdd(shortName, original);
            }
        }
        else if (tools is not null)
        {
            context.Report.Recording = context.CapturedTools;
            try
            {
                for (int i = 0; i < tools.Count; i++)
                {
                    work.ToolIndex = i;
                    DispatchTool(tools[i], context);
                }
            }
            finally
            {
                context.Report.Recording = null;
            }
        }

        // C20: without tools, tool_choice (and parallel_tool_calls) mean nothing upstream: omitted.
        if (work.Tools.Count == 0)
        {
            return;
        }

        result.Tools = [.. work.Tools];
        if (toolChoice is not null)
        {
            DispatchToolChoice(toolChoice, context);
            result.ToolChoice = work.ToolChoice;
            result.ParallelToolCalls = work.ParallelToolCalls;
        }
    }

    // C11, C12: a custom tool is a function; input_schema goes through unchanged as parameters.
    private static partial void HandleTool(Tool value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        string path = string.Create(CultureInfo.InvariantCulture, $"tools[{work.ToolIndex}]");
        if (value.CacheControl is not null)
        {
            RequestReport.CacheControlRemoved(context);
        }

        ReportToolOption(value.DeferLoading is not null, path, "defer_loading", context);
        ReportToolOption(value.EagerInputStreaming is not null, path, "eager_input_streaming", context);
        ReportToolOption(value.AllowedCallers is not null, path, "allowed_callers", context);
        ReportToolOption(value.InputExamples is not null, path, "input_examples", context);
        RequestReport.UnknownFields(value.AdditionalProperties, path, context);

        work.Tools.Add(new ChatCompletionTool
        {
            Function = new FunctionObject
            {
                Name = ToolName(value.Name, context),
                Description = value.Description,
                Parameters = JsonValues.Of(value.InputSchema),
                Strict = value.Strict,
            },
        });
    }

    // C14: every other tool type is run by Anthropic's servers (or is an Anthropic-defined schema-less
    // tool): an OpenAI-compatible backend cannot run it.
    private static partial void HandleTool(BashTool20250124 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(CodeExecutionTool20250522 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(CodeExecutionTool20250825 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(CodeExecutionTool20260120 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(MemoryTool20250818 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(TextEditor20250124 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(TextEditor20250429 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(TextEditor20250728 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(WebSearchTool20250305 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(WebFetchTool20250910 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(WebSearchTool20260209 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(WebFetchTool20260209 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(WebFetchTool20260309 value, RequestContext context) => ServerTool(value.Type, context);

    private static partial void HandleTool(ToolSearchToolBM2520251119 value, RequestContext context) => ServerTool(value.Type.Value, context);

    private static partial void HandleTool(ToolSearchToolRegex20251119 value, RequestContext context) => ServerTool(value.Type.Value, context);

    private static partial void HandleTool(UnknownCreateMessageParamsToolsItem value, RequestContext context) => ServerTool(value.Tag ?? "(none)", context);

    // C15.
    private static partial void HandleToolChoice(ToolChoiceAuto value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        work.ToolChoice = ChatCompletionToolChoiceOptionString.Auto;
        work.ParallelToolCalls = ParallelToolCalls(value.DisableParallelToolUse);
    }

    // C16: "required", not "any".
    private static partial void HandleToolChoice(ToolChoiceAny value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        work.ToolChoice = ChatCompletionToolChoiceOptionString.Required;
        work.ParallelToolCalls = ParallelToolCalls(value.DisableParallelToolUse);
    }

    // C17.
    private static partial void HandleToolChoice(ToolChoiceTool value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        string name = ToolName(value.Name, context);
        if (!work.Tools.Exists(t => t is ChatCompletionTool f && f.Function.Name == name))
        {
            // The named tool was dropped (a server tool) or never declared: forcing it would fail upstream.
            context.Report.Add(ConversionCodes.ParameterDropped, $"tool_choice dropped: the tool '{value.Name}' is not among the tools sent");
            return;
        }

        work.ToolChoice = new ChatCompletionNamedToolChoice { Function = new ChatCompletionNamedToolChoiceFunction { Name = name } };
        work.ParallelToolCalls = ParallelToolCalls(value.DisableParallelToolUse);
    }

    // C18.
    private static partial void HandleToolChoice(ToolChoiceNone value, RequestContext context) =>
        RequestWork.Of(context).ToolChoice = ChatCompletionToolChoiceOptionString.None;

    private static partial void HandleToolChoice(UnknownToolChoice value, RequestContext context) =>
        context.Report.Add(ConversionCodes.UnknownFieldIgnored, $"tool_choice: type '{value.Tag}' is not known; omitted");

    // C21, C22: the input goes through as the (compact) JSON string of the arguments; empty input is "{}".
    private static partial void HandleContentBlock(RequestToolUseBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        if (work.Role != TurnRole.Assistant)
        {
            Placeholder(value.Type, $"[tool_use {value.Name} ({value.Id}) omitted]", context);
            return;
        }

        work.ToolCalls.Add(new ChatCompletionMessageToolCall
        {
            Id = value.Id,
            Function = new ChatCompletionMessageToolCallFunction
            {
                Name = ToolName(value.Name, context),
                Arguments = Arguments(value.Input),
            },
        });
    }

    /// <summary>
    /// The name a tool has upstream (C13): unchanged when it fits the target's limit, otherwise a
    /// deterministic prefix plus hash, recorded in <see cref="ExchangeState.ToolNames"/> so responses restore it.
    /// The same function shortens declarations, tool_use history and tool_choice, so they always agree.
    /// </summary>
    private static string ToolName(string name, RequestContext context)
    {
        var options = context.Options;
        int max = options.Profile.MaxToolNameLength;
        if (!options.ShortenToolNames || max <= 0 || name.Length <= max)
        {
            return name;
        }

        string shortName = ShortenToolName(name, max);
        context.State.ToolNames.TryAdd(shortName, name);

        // Noted every time, not only when the name is first recorded: the report keeps one copy, and the tools
        // cache records what the tools' own translation noted — a tool_use in the history (translated before the
        // tools) records the name first, and the cached tools must still carry the note for later requests (C13).
        context.Report.Add(ConversionCodes.ToolNameShortened, $"tool name '{name}' is longer than {max} characters: sent as '{shortName}'");
        return shortName;
    }

    /// <summary>A name of at most <paramref name="max"/> characters: the first characters, <c>_</c>, and 8 hex digits of the name's SHA-256.</summary>
    /// <param name="name">The original name.</param>
    /// <param name="max">The longest name the target accepts.</param>
    /// <returns>The shortened name; the same for the same input.</returns>
    internal static string ShortenToolName(string name, int max)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        string suffix = Convert.ToHexStringLower(hash[..4]);
        int prefix = max - suffix.Length - 1;
        return prefix < 1 ? suffix[..Math.Min(max, suffix.Length)] : string.Concat(name.AsSpan(0, prefix), "_", suffix);
    }

    private static string Arguments(JsonElement input)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                return "{}";
            case JsonValueKind.Object:
                using (var members = input.EnumerateObject())
                {
                    return members.MoveNext() ? JsonValues.CompactText(input) : "{}";
                }

            default:
                return JsonValues.CompactText(input);
        }
    }

    // C19: only an explicit opt-out is sent; parallel calls are the default on both sides.
    private static bool? ParallelToolCalls(bool? disableParallelToolUse) => disableParallelToolUse == true ? false : null;

    private static void ServerTool(string type, RequestContext context)
    {
        var work = RequestWork.Of(context);
        string path = string.Create(CultureInfo.InvariantCulture, $"tools[{work.ToolIndex}]");
        if (!context.Options.DropServerTools)
        {
            throw TranslationException.InvalidRequest(
                $"{path}: tool type '{type}' is an Anthropic server tool that an OpenAI-compatible backend cannot run; remove it, or enable DropServerTools to drop it");
        }

        context.Report.Add(ConversionCodes.ServerToolDropped, $"{path}: server tool '{type}' dropped");
    }

    private static void ReportToolOption(bool present, string path, string option, RequestContext context)
    {
        if (present)
        {
            context.Report.Add(ConversionCodes.ParameterDropped, $"{path}.{option} dropped: no OpenAI equivalent");
        }
    }
}
