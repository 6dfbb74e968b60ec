using System.Text;
using Protocols.Anthropic;

namespace Protocols.Translation;

// C56: blocks strictly sequential. At most one block is open; opening one closes the previous; indexes
// are 0, 1, 2 … in the order blocks open; no delta ever goes to a closed block.
public sealed partial class StreamTranslator
{
    private readonly List<Block> _blocks = [];
    private Block? _open;

    private enum BlockKind
    {
        Thinking,
        Text,
        ToolUse,
    }

    private Block OpenBlock(BlockKind kind, StreamOutput output, string? id = null, string? name = null)
    {
        CloseOpenBlock(output);
        var block = new Block(kind, _blocks.Count) { Id = id, Name = name };
        _blocks.Add(block);
        _open = block;
        IContentBlockStartEventContentBlock start = kind switch
        {
            BlockKind.Thinking => new ResponseThinkingBlock { Thinking = string.Empty, Signature = string.Empty },
            BlockKind.Text => ResponseTranslator.TextBlock(string.Empty),

            // C58: input starts empty; the arguments follow as input_json_delta.
            _ => new ResponseToolUseBlock { Id = id!, Name = name!, Input = EmptyInput, Caller = new DirectCaller() },
        };
        output.Add("content_block_start", new ContentBlockStartEvent { Index = block.Index, ContentBlock = start });
        return block;
    }

    private void CloseOpenBlock(StreamOutput output)
    {
        if (_open is not { } block)
        {
            return;
        }

        if (block.Carry is { } carry)
        {
            // Half a surrogate pair whose other half never came: sent as it is (writers make it U+FFFD).
            block.Carry = null;
            EmitPieceNow(block, carry.ToString(), output);
        }

        if (block.Kind == BlockKind.Thinking)
        {
            // C57: SDKs expect a signature before the thinking block ends; there is none to give.
            EmitDelta(block, new SignatureContentBlockDelta { Signature = string.Empty }, output);
        }

        output.Add("content_block_stop", new ContentBlockStopEvent { Index = block.Index });
        block.Closed = true;
        _open = null;
    }

    private static void EmitDelta(Block block, IContentBlockDeltaEventDelta delta, StreamOutput output) =>
        output.Add("content_block_delta", new ContentBlockDeltaEvent { Index = block.Index, Delta = delta });

    /// <summary>
    /// Emits a piece of the block's text, thinking or argument JSON. A high surrogate at its end waits for the next
    /// piece: an upstream that cuts its text by UTF-16 units (a JavaScript server slicing strings, with
    /// <c>"\ud83d"</c> in one chunk and <c>"\ude00"</c> in the next) splits a pair across two chunks, and each half
    /// written alone would reach the client as U+FFFD — the character lost twice over.
    /// </summary>
    private static void EmitPiece(Block block, string piece, StreamOutput output)
    {
        if (block.Carry is { } carry)
        {
            block.Carry = null;
            piece = carry + piece;
        }

        if (piece.Length > 0 && char.IsHighSurrogate(piece[^1]))
        {
            block.Carry = piece[^1];
            piece = piece[..^1];
        }

        if (piece.Length > 0)
        {
            EmitPieceNow(block, piece, output);
        }
    }

    private static void EmitPieceNow(Block block, string piece, StreamOutput output)
    {
        block.Content.Append(piece);
        EmitDelta(block, block.Kind switch
        {
            BlockKind.Thinking => new ThinkingContentBlockDelta { Thinking = piece },
            BlockKind.Text => new TextContentBlockDelta { Text = piece },
            _ => new InputJsonContentBlockDelta { PartialJson = piece },
        }, output);
    }

    /// <summary>Ends the block phase: held text out, tool calls with a name opened in order, the last block closed.</summary>
    private void CloseAll(StreamOutput output)
    {
        FlushHeldText(output);
        SettleToolCalls(output);
        CloseOpenBlock(output);
    }

    private long GeneratedChars()
    {
        long chars = 0;
        foreach (var b in _blocks)
        {
            chars += b.Content.Length;
        }

        return chars;
    }

    /// <summary>One emitted content block and what it accumulated (for <see cref="Snapshot"/>).</summary>
    private sealed class Block(BlockKind kind, int index)
    {
        public BlockKind Kind { get; } = kind;

        public int Index { get; } = index;

        /// <summary>Text, thinking, or the tool's argument JSON, as emitted.</summary>
        public StringBuilder Content { get; } = new();

        public string? Id { get; init; }

        public string? Name { get; init; }

        public bool Closed { get; set; }

        /// <summary>A high surrogate that ended the last piece, waiting for its low half (<see cref="EmitPiece"/>).</summary>
        public char? Carry { get; set; }
    }
}
