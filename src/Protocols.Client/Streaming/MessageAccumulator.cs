using System.Text;
using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Client;

/// <summary>
/// Adds up Anthropic stream events into the <see cref="Message"/> they describe: text and thinking deltas are
/// concatenated, signatures and citations collected, <c>tool_use</c> and <c>server_tool_use</c> inputs parsed from their
/// <c>input_json_delta</c> fragments, and the stop reason and usage taken from <c>message_delta</c>. Works on any
/// Anthropic event stream (this client's or the real API's). Not thread-safe: one accumulator per stream.
/// </summary>
public sealed class MessageAccumulator
{
    private readonly SortedDictionary<long, BlockState> _blocks = [];
    private Message? _start;
    private MessageDelta? _delta;
    private MessageDeltaUsage? _deltaUsage;

    /// <summary>Whether <c>message_start</c> was seen.</summary>
    public bool IsStarted => _start is not null;

    /// <summary>Whether <c>message_stop</c> was seen.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The number of events added.</summary>
    public int EventCount { get; private set; }

    /// <summary>Adds one event.</summary>
    /// <param name="streamEvent">The event.</param>
    public void Add(IMessageStreamEvent streamEvent)
    {
        ArgumentNullException.ThrowIfNull(streamEvent);
        EventCount++;
        switch (streamEvent)
        {
            case MessageStartEvent start:
                _start = start.Message;
                foreach (var (i, block) in Seed(start.Message.Content))
                {
                    _blocks[i] = block;
                }

                break;
            case ContentBlockStartEvent blockStart:
                _blocks[blockStart.Index] = BlockState.From(blockStart.ContentBlock);
                break;
            case ContentBlockDeltaEvent delta:
                Block(delta.Index).Apply(delta.Delta);
                break;
            case ContentBlockStopEvent stop:
                Block(stop.Index).Stopped = true;
                break;
            case MessageDeltaEvent messageDelta:
                _delta = messageDelta.Delta;
                _deltaUsage = messageDelta.Usage;
                break;
            case MessageStopEvent:
                IsComplete = true;
                break;
        }
    }

    /// <summary>
    /// The message so far (the final one once <see cref="IsComplete"/>): blocks in index order, a <c>tool_use</c> input
    /// whose fragments do not (yet) form a JSON object is <c>{}</c>.
    /// </summary>
    /// <returns>A new message.</returns>
    /// <exception cref="InvalidOperationException"><c>message_start</c> has not been seen.</exception>
    public Message ToMessage()
    {
        var start = _start ?? throw new InvalidOperationException("no message_start event has been added yet");
        return new Message
        {
            Id = start.Id,
            Model = start.Model,
            Content = [.. _blocks.Values.Select(static b => b.Build())],
            StopReason = _delta?.StopReason ?? start.StopReason,
            StopSequence = _delta?.StopSequence ?? start.StopSequence,
            Usage = MergeUsage(start.Usage, _deltaUsage),
            Container = _delta?.Container ?? start.Container,
        };
    }

    private BlockState Block(long index)
    {
        if (!_blocks.TryGetValue(index, out var block))
        {
            // A delta without its start (a truncated capture): treat it as text so nothing is lost.
            block = _blocks[index] = new BlockState(BlockKind.Text);
        }

        return block;
    }

    private static IEnumerable<(long Index, BlockState Block)> Seed(List<IContentBlock> content)
    {
        // message_start normally has no content; a prefilled one keeps its blocks at their indexes.
        for (int i = 0; i < content.Count; i++)
        {
            yield return (i, BlockState.FromContent(content[i]));
        }
    }

    private static Usage MergeUsage(Usage start, MessageDeltaUsage? delta) => new()
    {
        InputTokens = delta?.InputTokens ?? start.InputTokens,
        OutputTokens = delta?.OutputTokens ?? start.OutputTokens,
        CacheCreationInputTokens = delta?.CacheCreationInputTokens ?? start.CacheCreationInputTokens,
        CacheReadInputTokens = delta?.CacheReadInputTokens ?? start.CacheReadInputTokens,
        ServerToolUse = delta?.ServerToolUse ?? start.ServerToolUse,
        CacheCreation = start.CacheCreation,
        InferenceGeo = start.InferenceGeo,
        ServiceTier = start.ServiceTier,
    };

    private static IResponseTextBlockCitationsItem ToCitation(ICitationsDeltaCitation citation) =>
        JsonModel.Parse(JsonModel.ToUtf8(citation), IResponseTextBlockCitationsItem.ReadFrom);

    private enum BlockKind
    {
        Text,
        Thinking,
        RedactedThinking,
        ToolUse,
        ServerToolUse,
        Other,
    }

    private sealed class BlockState(BlockKind kind)
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _json = new();
        private readonly StringBuilder _signature = new();
        private List<IResponseTextBlockCitationsItem>? _citations;

        public BlockKind Kind { get; } = kind;

        public bool Stopped { get; set; }

        private IContentBlock? Original { get; init; }

        public static BlockState From(IContentBlockStartEventContentBlock start) => start switch
        {
            IContentBlock known => FromContent(known),
            _ => FromContent(JsonModel.Parse(JsonModel.ToUtf8(start), IContentBlock.ReadFrom)),
        };

        public static BlockState FromContent(IContentBlock block)
        {
            var state = block switch
            {
                ResponseTextBlock => new BlockState(BlockKind.Text) { Original = block },
                ResponseThinkingBlock => new BlockState(BlockKind.Thinking) { Original = block },
                ResponseRedactedThinkingBlock => new BlockState(BlockKind.RedactedThinking) { Original = block },
                ResponseToolUseBlock => new BlockState(BlockKind.ToolUse) { Original = block },

                // The API streams a server tool's input (web_search, code_execution …) as input_json_delta too.
                ResponseServerToolUseBlock => new BlockState(BlockKind.ServerToolUse) { Original = block },
                _ => new BlockState(BlockKind.Other) { Original = block },
            };
            switch (block)
            {
                case ResponseTextBlock text:
                    state._text.Append(text.Text);
                    if (text.Citations is { Count: > 0 } citations)
                    {
                        state._citations = [.. citations];
                    }

                    break;
                case ResponseThinkingBlock thinking:
                    state._text.Append(thinking.Thinking);
                    state._signature.Append(thinking.Signature);
                    break;
            }

            return state;
        }

        public void Apply(IContentBlockDeltaEventDelta delta)
        {
            switch (delta)
            {
                case TextContentBlockDelta text:
                    _text.Append(text.Text);
                    break;
                case ThinkingContentBlockDelta thinking:
                    _text.Append(thinking.Thinking);
                    break;
                case SignatureContentBlockDelta signature:
                    _signature.Append(signature.Signature);
                    break;
                case InputJsonContentBlockDelta json:
                    _json.Append(json.PartialJson);
                    break;
                case CitationsDelta citation:
                    (_citations ??= []).Add(ToCitation(citation.Citation));
                    break;
            }
        }

        public IContentBlock Build() => Kind switch
        {
            BlockKind.Text => new ResponseTextBlock { Text = _text.ToString(), Citations = _citations is null ? null : [.. _citations] },
            BlockKind.Thinking => new ResponseThinkingBlock { Thinking = _text.ToString(), Signature = _signature.ToString() },
            BlockKind.ToolUse when Original is ResponseToolUseBlock tool => new ResponseToolUseBlock
            {
                Id = tool.Id,
                Name = tool.Name,
                Caller = tool.Caller,
                Input = ToolInputJson.Parse(_json.ToString(), tool.Input),
            },
            BlockKind.ServerToolUse when Original is ResponseServerToolUseBlock server => new ResponseServerToolUseBlock
            {
                Id = server.Id,
                Name = server.Name,
                Caller = server.Caller,
                Input = ToolInputJson.Parse(_json.ToString(), server.Input),
            },
            _ => Original!,
        };
    }
}
