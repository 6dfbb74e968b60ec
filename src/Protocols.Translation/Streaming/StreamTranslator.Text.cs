using System.Text;

namespace Protocols.Translation;

// Text and thinking deltas (C55, C57, C63, C64) and stop sequences enforced on streamed text (C37/C50).
public sealed partial class StreamTranslator
{
    private readonly List<string> _stopSequences;

    // Text that could be the start of an enforced stop sequence: held back until it cannot be.
    private readonly StringBuilder _held = new();
    private string? _enforcedMatch;
    private bool _refused;

    private void AppendThinking(string thinking, StreamOutput output)
    {
        FlushHeldText(output);
        if (_open?.Kind != BlockKind.Thinking)
        {
            SettleToolCalls(output);
            OpenBlock(BlockKind.Thinking, output);
        }

        EmitPiece(_open!, thinking, output);
    }

    private void AppendText(string text, StreamOutput output)
    {
        if (_stopSequences.Count == 0)
        {
            EmitText(text, output);
            return;
        }

        _held.Append(text);
        var pending = _held.ToString();
        _held.Clear();
        if (StopSequences.TryFindFirst(pending, _stopSequences, out int at, out var matched))
        {
            // The client asked to stop here: the rest of the answer is ignored.
            EmitText(pending[..at], output);
            _enforcedMatch = matched;
            return;
        }

        // Hold back only the longest suffix that could still become a stop sequence.
        int hold = StopSequences.HoldBackLength(pending, _stopSequences);
        _held.Append(pending, pending.Length - hold, hold);
        EmitText(pending[..^hold], output);
    }

    private void AppendRefusal(string refusal, StreamOutput output)
    {
        // C46: the refusal is shown as text; the stop reason becomes "refusal".
        _refused = true;
        FlushHeldText(output);
        EmitText(refusal, output);
    }

    private void FlushHeldText(StreamOutput output)
    {
        if (_held.Length == 0)
        {
            return;
        }

        var text = _held.ToString();
        _held.Clear();
        EmitText(text, output);
    }

    private void EmitText(string text, StreamOutput output)
    {
        if (text.Length == 0)
        {
            // C55: the text block opens at the first non-empty text only.
            return;
        }

        if (_open?.Kind != BlockKind.Text)
        {
            // C63: text after tool calls is a new block after them.
            SettleToolCalls(output);
            OpenBlock(BlockKind.Text, output);
        }

        EmitPiece(_open!, text, output);
    }
}
