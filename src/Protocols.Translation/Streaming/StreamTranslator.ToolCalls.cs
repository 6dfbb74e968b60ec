using System.Text;

namespace Protocols.Translation;

// Tool calls (C58–C62). Upstream identifies calls by index and may interleave them; Anthropic blocks are
// sequential. A call waits until its name is known (C59); later calls wait while the open call's
// arguments are still incomplete (C60); every fragment is forwarded verbatim once its block is open (C58).
public sealed partial class StreamTranslator
{
    private readonly Dictionary<long, ToolCall> _calls = [];
    private readonly List<ToolCall> _waiting = [];
    private readonly HashSet<string> _toolUseIds = new(StringComparer.Ordinal);

    private void AppendToolCall(long index, string? id, string? name, string? arguments, StreamOutput output)
    {
        if (!_calls.TryGetValue(index, out var call) || StartsNewCall(call, id, name, arguments))
        {
            call = new ToolCall();
            _calls[index] = call;
            _waiting.Add(call);
        }

        if (call.Id is null && !string.IsNullOrEmpty(id))
        {
            call.Id = id;
        }

        if (call.Name is null && !string.IsNullOrEmpty(name))
        {
            // Some backends repeat the name in every chunk: the first one counts.
            call.Name = name;
        }

        if (!string.IsNullOrEmpty(arguments))
        {
            call.Arguments.Append(arguments);
            if (call.Block is { Closed: false } open)
            {
                EmitPiece(open, arguments, output);
            }
            else if (call.Block is not null)
            {
                // Its block was closed because other content came in between: nothing valid can carry it.
                _report.Add(ConversionCodes.ToolArgumentsInvalid, $"an argument fragment of tool '{call.Block.Name}' arrived after its block closed and was dropped");
            }
            else
            {
                call.Pending.Add(arguments);
            }
        }

        OpenReadyToolCalls(output);
    }

    // A second call reusing an index (backends that restart at 0 after text, or number every call 0).
    private static bool StartsNewCall(ToolCall call, string? id, string? name, string? arguments)
    {
        if (!string.IsNullOrEmpty(id) && call.Id is not null && !string.Equals(id, call.Id, StringComparison.Ordinal))
        {
            // A different id is another call, unless it comes without a name and with argument text while the
            // arguments are still incomplete: Poolside and mlx-openai-server (before its fix) change the id after
            // the first chunk. (A new call whose name comes late starts with its id and no arguments.)
            return !string.IsNullOrEmpty(name) || string.IsNullOrEmpty(arguments) || ToolArguments.IsCompleteContainer(call.Arguments);
        }

        // Another name after complete arguments (a repeated name is a repeat: some backends send it in every
        // chunk), or a fragment that opens a new object after complete arguments: nothing can follow a
        // complete JSON value, and backends that send every call on index 0 without ids repeat the name or
        // send name "" (a proxy in front of Gemini, dyedd/lens#49).
        bool otherName = call.Name is not null && !string.IsNullOrEmpty(name) && !string.Equals(name, call.Name, StringComparison.Ordinal);
        bool opensObject = arguments is not null && arguments.AsSpan().TrimStart().StartsWith('{');
        return (otherName || opensObject) && ToolArguments.IsCompleteContainer(call.Arguments);
    }

    /// <summary>Opens waiting calls in arrival order while the head has a name and the open call (if any) looks complete.</summary>
    private void OpenReadyToolCalls(StreamOutput output)
    {
        while (_waiting.Count > 0 && _waiting[0].Name is not null)
        {
            if (_open is { Kind: BlockKind.ToolUse } current && !ToolArguments.IsCompleteContainer(current.Content))
            {
                // C60: the open call may still get fragments; the next one waits.
                return;
            }

            var next = _waiting[0];
            _waiting.RemoveAt(0);
            OpenToolCall(next, output);
        }
    }

    /// <summary>Closes an open tool block and opens (then closes) every waiting call that has a name, in arrival order.</summary>
    private void SettleToolCalls(StreamOutput output)
    {
        if (_open is { Kind: BlockKind.ToolUse })
        {
            CloseOpenBlock(output);
        }

        for (int i = 0; i < _waiting.Count;)
        {
            var next = _waiting[i];
            if (next.Name is null)
            {
                // C59: still waiting for its name (dropped at the end if it never comes); the named calls
                // behind it are not held with it.
                i++;
                continue;
            }

            _waiting.RemoveAt(i);
            OpenToolCall(next, output);
            CloseOpenBlock(output);
        }
    }

    private void OpenToolCall(ToolCall call, StreamOutput output)
    {
        var id = ToolCallIds.Assign(call.Id, _toolUseIds, _report);

        // C13: the client's name for a shortened tool.
        var block = OpenBlock(BlockKind.ToolUse, output, id, _state.OriginalToolName(call.Name!));
        call.Block = block;
        foreach (var fragment in call.Pending)
        {
            // C61: name and arguments in one chunk → one start, one delta.
            EmitPiece(block, fragment, output);
        }

        call.Pending.Clear();
    }

    private void DropUnnamedToolCalls()
    {
        foreach (var call in _waiting)
        {
            // C59 holds a call until its name is known; the stream ended first. Inventing a name would
            // run the wrong tool.
            _report.Add(ConversionCodes.ToolCallDropped, $"a tool call (id '{call.Id ?? "none"}') whose name never arrived was dropped");
        }

        _waiting.Clear();
    }

    private bool HasToolUse()
    {
        foreach (var b in _blocks)
        {
            if (b.Kind == BlockKind.ToolUse)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ToolCall
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        /// <summary>Every fragment received, in order.</summary>
        public StringBuilder Arguments { get; } = new();

        /// <summary>Fragments received before the block opened.</summary>
        public List<string> Pending { get; } = [];

        public Block? Block { get; set; }
    }
}
