using System.Diagnostics;
using System.Text.Json;
using Protocols.Core;
using Protocols.Proxy.Upstream;
using Protocols.Translation;

namespace Protocols.Proxy.Messages;

/// <summary>What <see cref="UpstreamCursor.NextAsync"/> found.</summary>
internal enum StepKind
{
    /// <summary>An upstream item (<see cref="UpstreamStep.Item"/>).</summary>
    Item,

    /// <summary>The upstream body ended.</summary>
    End,

    /// <summary>The upstream has been silent for the ping interval: time for a <c>ping</c> (C54).</summary>
    Ping,

    /// <summary>The upstream failed (timeout, broken connection, unreadable chunk).</summary>
    Failed,

    /// <summary>The client went away.</summary>
    ClientGone,
}

/// <summary>One step of the upstream stream.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Item">The item, for <see cref="StepKind.Item"/>.</param>
/// <param name="ErrorType">The Anthropic error type, for <see cref="StepKind.Failed"/>.</param>
/// <param name="Message">What went wrong, for <see cref="StepKind.Failed"/>.</param>
internal readonly record struct UpstreamStep(StepKind Kind, UpstreamStreamItem Item = default, string? ErrorType = null, string? Message = null);

/// <summary>
/// Walks the upstream chunks and says when to ping: a read still in flight when the ping interval of
/// silence passes is kept, a <see cref="StepKind.Ping"/> is returned, and the next call goes on waiting
/// for the same read. One timer per ping interval, not per chunk. Failures come back as steps, not
/// exceptions; the idle timeout is re-armed after every item.
/// </summary>
/// <param name="items">The upstream items.</param>
/// <param name="call">The exchange's cancellation.</param>
/// <param name="pingInterval">Silence after which to ping.</param>
/// <param name="idleTimeout">Silence after which to give up.</param>
internal sealed class UpstreamCursor(IAsyncEnumerator<UpstreamStreamItem> items, UpstreamCall call, TimeSpan pingInterval, TimeSpan idleTimeout)
{
    private Task<bool>? _pending;
    private Task? _pingTimer;
    private long _lastActivity = Stopwatch.GetTimestamp();

    /// <summary>The next step.</summary>
    /// <returns>The step.</returns>
    public async ValueTask<UpstreamStep> NextAsync()
    {
        try
        {
            if (_pending is null)
            {
                var move = items.MoveNextAsync();
                if (move.IsCompleted)
                {
                    return Took(move.Result);
                }

                _pending = move.AsTask();
            }

            while (!_pending.IsCompleted)
            {
                var untilPing = pingInterval - Stopwatch.GetElapsedTime(_lastActivity);
                if (untilPing <= TimeSpan.Zero)
                {
                    _lastActivity = Stopwatch.GetTimestamp();
                    return new UpstreamStep(StepKind.Ping);
                }

                _pingTimer ??= Task.Delay(untilPing, call.Token);
                var first = await Task.WhenAny(_pending, _pingTimer).ConfigureAwait(false);
                if (first == _pingTimer)
                {
                    _pingTimer = null;
                    if (call.Token.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            var pending = _pending;
            _pending = null;
            return Took(await pending.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (call.ClientGone)
        {
            return new UpstreamStep(StepKind.ClientGone);
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            return new UpstreamStep(StepKind.Failed, ErrorType: "timeout_error",
                Message: $"upstream sent nothing for {idleTimeout.TotalSeconds:0.###}s (UPSTREAM_IDLE_TIMEOUT)");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return new UpstreamStep(StepKind.Failed, ErrorType: "api_error", Message: "upstream connection lost mid-stream: " + ErrorTranslator.Redact(e.Message));
        }
        catch (Exception e) when (e is ProtocolJsonException or JsonException or FormatException)
        {
            return new UpstreamStep(StepKind.Failed, ErrorType: "api_error", Message: "upstream sent an unreadable stream chunk: " + ErrorTranslator.Redact(e.Message));
        }
        catch (TranslationException e)
        {
            return new UpstreamStep(StepKind.Failed, ErrorType: e.ErrorType, Message: e.Message);
        }
    }

    private UpstreamStep Took(bool hasItem)
    {
        _lastActivity = Stopwatch.GetTimestamp();
        call.Touch(_lastActivity);
        return hasItem ? new UpstreamStep(StepKind.Item, items.Current) : new UpstreamStep(StepKind.End);
    }
}
