using System.Text;
using Protocols.Anthropic;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>One content block as a client reconstructs it from the events.</summary>
/// <param name="Kind">text, thinking or tool_use.</param>
/// <param name="Content">The text, the thinking, or the tool's input JSON (the input_json_delta fragments joined).</param>
/// <param name="Name">The tool name (tool_use only).</param>
/// <param name="Id">The tool-use id (tool_use only).</param>
internal sealed record ReconstructedBlock(string Kind, string Content, string? Name = null, string? Id = null);

/// <summary>What a stream adds up to, as a client sees it.</summary>
internal sealed class Reconstruction
{
    public List<ReconstructedBlock> Blocks { get; } = [];

    public MessageStartEvent? Start { get; set; }

    public MessageDeltaEvent? Delta { get; set; }

    /// <summary>The error event's body, when the stream ended with one.</summary>
    public ErrorResponse? Error { get; set; }

    public bool Stopped { get; set; }

    public string Text(string kind) => string.Concat(Blocks.Where(b => b.Kind == kind).Select(b => b.Content));
}

/// <summary>
/// A validator of the Anthropic stream grammar: <c>message_start</c> first (or a lone <c>error</c>), then
/// <c>ping</c> anywhere, blocks strictly sequential with indexes 0, 1, 2 …, deltas only to the open block
/// and of its type, one <c>message_delta</c> after the last block closed, <c>message_stop</c> last; an
/// <c>error</c> ends the stream. Also reconstructs the blocks as a client would.
/// </summary>
internal static class EventGrammar
{
    /// <summary>Validates a complete stream and returns what it adds up to.</summary>
    /// <param name="events">The events.</param>
    /// <param name="requireEnd">Whether the stream must be finished (message_stop or error last).</param>
    /// <returns>The reconstruction.</returns>
    /// <exception cref="InvalidOperationException">The sequence is invalid; the message says where.</exception>
    public static Reconstruction Validate(IReadOnlyList<StreamEvent> events, bool requireEnd = true)
    {
        var result = new Reconstruction();
        string? openKind = null;
        StringBuilder? open = null;
        string? openName = null, openId = null;
        int nextIndex = 0;
        bool ended = false, sawSignature = false;

        for (int i = 0; i < events.Count; i++)
        {
            var (name, data) = events[i];
            void Fail(string why) => throw new InvalidOperationException($"event {i} ({name}): {why}\n{Describe(events)}");

            if (ended)
            {
                Fail("an event after the stream ended");
            }

            if (name == "error")
            {
                if (data is not ErrorResponse error)
                {
                    Fail("error data is not an ErrorResponse");
                    return result;
                }

                result.Error = error;
                if (openKind is not null)
                {
                    // What a client accumulated before the error.
                    result.Blocks.Add(new ReconstructedBlock(openKind, open!.ToString(), openName, openId));
                }

                ended = true;
                continue;
            }

            if (result.Start is null && name != "message_start")
            {
                Fail("the first event must be message_start");
            }

            switch (data)
            {
                case MessageStartEvent start when name == "message_start":
                    if (result.Start is not null)
                    {
                        Fail("a second message_start");
                    }

                    if (start.Message.Content.Count != 0)
                    {
                        Fail("message_start with content");
                    }

                    result.Start = start;
                    break;
                case Ping when name == "ping":
                    break;
                case ContentBlockStartEvent start when name == "content_block_start":
                    if (openKind is not null)
                    {
                        Fail("a block starts while another is open");
                    }

                    if (result.Delta is not null)
                    {
                        Fail("a block starts after message_delta");
                    }

                    if (start.Index != nextIndex)
                    {
                        Fail($"index {start.Index}, expected {nextIndex}");
                    }

                    (openKind, openName, openId) = start.ContentBlock switch
                    {
                        ResponseTextBlock t => t.Text.Length == 0 ? ("text", (string?)null, (string?)null) : throw new InvalidOperationException("text block starts with text"),
                        ResponseThinkingBlock t => t.Thinking.Length == 0 ? ("thinking", (string?)null, (string?)null) : throw new InvalidOperationException("thinking block starts with thinking"),
                        ResponseToolUseBlock t => ("tool_use", (string?)t.Name, (string?)t.Id),
                        _ => throw new InvalidOperationException($"unexpected block {start.ContentBlock.GetType().Name}"),
                    };
                    if (openKind == "tool_use" && (string.IsNullOrEmpty(openName) || string.IsNullOrEmpty(openId)))
                    {
                        Fail("tool_use block without a name or id");
                    }

                    open = new StringBuilder();
                    sawSignature = false;
                    break;
                case ContentBlockDeltaEvent delta when name == "content_block_delta":
                    if (openKind is null || delta.Index != nextIndex)
                    {
                        Fail($"delta to block {delta.Index}, which is not open");
                    }

                    switch (delta.Delta)
                    {
                        case TextContentBlockDelta t when openKind == "text":
                            open!.Append(t.Text);
                            break;
                        case ThinkingContentBlockDelta t when openKind == "thinking" && !sawSignature:
                            open!.Append(t.Thinking);
                            break;
                        case SignatureContentBlockDelta when openKind == "thinking" && !sawSignature:
                            sawSignature = true;
                            break;
                        case InputJsonContentBlockDelta j when openKind == "tool_use":
                            open!.Append(j.PartialJson);
                            break;
                        default:
                            Fail($"{delta.Delta.GetType().Name} to a {openKind} block");
                            break;
                    }

                    break;
                case ContentBlockStopEvent stop when name == "content_block_stop":
                    if (openKind is null || stop.Index != nextIndex)
                    {
                        Fail($"stop of block {stop.Index}, which is not open");
                    }

                    if (openKind == "thinking" && !sawSignature)
                    {
                        Fail("thinking block closed without a signature_delta");
                    }

                    result.Blocks.Add(new ReconstructedBlock(openKind!, open!.ToString(), openName, openId));
                    openKind = null;
                    nextIndex++;
                    break;
                case MessageDeltaEvent delta when name == "message_delta":
                    if (openKind is not null)
                    {
                        Fail("message_delta while a block is open");
                    }

                    if (result.Delta is not null)
                    {
                        Fail("a second message_delta");
                    }

                    result.Delta = delta;
                    break;
                case MessageStopEvent when name == "message_stop":
                    if (result.Delta is null)
                    {
                        Fail("message_stop without message_delta");
                    }

                    result.Stopped = true;
                    ended = true;
                    break;
                default:
                    Fail($"unexpected event data {data.GetType().Name}");
                    break;
            }
        }

        if (requireEnd && !ended)
        {
            throw new InvalidOperationException("the stream did not end (no message_stop or error)\n" + Describe(events));
        }

        return result;
    }

    private static string Describe(IReadOnlyList<StreamEvent> events) =>
        string.Join('\n', events.Select((e, i) => $"  [{i}] {e.Name} {Protocols.Core.JsonModel.ToJsonString(e.Data)}"));
}
