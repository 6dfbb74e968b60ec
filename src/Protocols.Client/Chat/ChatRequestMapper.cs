using Microsoft.Extensions.AI;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Chat messages and options → an Anthropic Messages request.</summary>
internal static class ChatRequestMapper
{
    public static CreateMessageParams ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModel, long defaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = new List<string>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            system.Add(options.Instructions);
        }

        var turns = new List<InputMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Add(message.Text);
                continue;
            }

            // Tool results travel in user turns in the Messages API.
            var role = message.Role == ChatRole.Assistant ? InputMessageRole.Assistant : InputMessageRole.User;
            var blocks = new List<IInputContentBlock>();
            foreach (var content in message.Contents)
            {
                if (ToBlock(content, role) is { } block)
                {
                    blocks.Add(block);
                }
            }

            if (blocks.Count == 0)
            {
                continue;
            }

            // Consecutive turns of one role (an assistant call, then several tool messages) become one turn.
            if (turns.Count > 0 && turns[^1].Role == role && turns[^1].Content.AsArray is { } previous)
            {
                previous.AddRange(blocks);
            }
            else
            {
                turns.Add(new InputMessage { Role = role, Content = blocks });
            }
        }

        var model = options?.ModelId ?? defaultModel
            ?? throw new InvalidOperationException("no model: set ChatOptions.ModelId or the chat client's default model");
        var request = new CreateMessageParams
        {
            Model = model,
            MaxTokens = options?.MaxOutputTokens ?? defaultMaxTokens,
            Messages = turns,
        };
        if (system.Count > 0)
        {
            request.System = string.Join("\n\n", system);
        }

        if (options is not null)
        {
            ApplyOptions(options, request);
        }

        return request;
    }

    private static void ApplyOptions(ChatOptions options, CreateMessageParams request)
    {
        request.Temperature = options.Temperature;
        request.TopP = options.TopP;
        request.TopK = options.TopK;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            request.StopSequences = [.. stops];
        }

        var tools = options.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (tools.Count > 0)
        {
            request.Tools = [.. tools.Select(ToTool)];
        }

        request.ToolChoice = options.ToolMode switch
        {
            NoneChatToolMode => ToolChoices.None(),
            RequiredChatToolMode { RequiredFunctionName: { } name } => ToolChoices.Tool(name, options.AllowMultipleToolCalls == false),
            RequiredChatToolMode => ToolChoices.Any(options.AllowMultipleToolCalls == false),
            _ when tools.Count > 0 && options.AllowMultipleToolCalls == false => ToolChoices.Auto(disableParallelToolUse: true),
            _ => null,
        };

        if (options.Reasoning?.Effort is { } effort && effort != ReasoningEffort.None)
        {
            // Effort → thinking budget; the translation maps the budget back to the backend's reasoning effort.
            request.Thinking = new ThinkingConfigEnabled
            {
                BudgetTokens = effort switch
                {
                    ReasoningEffort.Low => 2048,
                    ReasoningEffort.Medium => 8192,
                    _ => 16384,
                },
            };
        }
    }

    private static ICreateMessageParamsToolsItem ToTool(AIFunctionDeclaration function)
    {
        var schema = function.JsonSchema.ValueKind == System.Text.Json.JsonValueKind.Object
            ? ToolSchemas.FromJson(function.JsonSchema)
            : new InputSchema();
        return AnthropicTools.Create(function.Name, string.IsNullOrEmpty(function.Description) ? null : function.Description, schema);
    }

    private static IInputContentBlock? ToBlock(AIContent content, InputMessageRole role) => content switch
    {
        TextContent { Text: { Length: > 0 } text } => new RequestTextBlock { Text = text },
        TextReasoningContent reasoning when role == InputMessageRole.Assistant => reasoning.Text.Length == 0 && reasoning.ProtectedData is { } data
            ? new RequestRedactedThinkingBlock { Data = data }
            : new RequestThinkingBlock { Thinking = reasoning.Text, Signature = reasoning.ProtectedData ?? string.Empty },
        FunctionCallContent call => new RequestToolUseBlock { Id = call.CallId, Name = call.Name, Input = ChatJson.ToInput(call.Arguments) },
        FunctionResultContent result => new RequestToolResultBlock
        {
            ToolUseId = result.CallId,
            Content = ChatJson.ResultText(result),
            IsError = result.Exception is not null ? true : null,
        },
        DataContent data when data.HasTopLevelMediaType("image") => new RequestImageBlock
        {
            Source = new Base64ImageSource { Data = data.Base64Data.ToString(), MediaType = new Base64ImageSourceMediaType(data.MediaType) },
        },
        DataContent { MediaType: "application/pdf" } pdf => new RequestDocumentBlock { Source = new Base64PDFSource { Data = pdf.Base64Data.ToString() } },
        DataContent { MediaType: "text/plain" } plain => new RequestDocumentBlock { Source = new PlainTextSource { Data = System.Text.Encoding.UTF8.GetString(plain.Data.Span) } },
        UriContent uri when uri.HasTopLevelMediaType("image") => new RequestImageBlock { Source = new URLImageSource { Url = uri.Uri.AbsoluteUri } },
        UriContent { MediaType: "application/pdf" } pdf => new RequestDocumentBlock { Source = new URLPDFSource { Url = pdf.Uri.AbsoluteUri } },
        DataContent or UriContent => throw new NotSupportedException($"content of media type {(content as DataContent)?.MediaType ?? (content as UriContent)?.MediaType} cannot be sent in a Messages request"),
        _ => null,
    };
}
