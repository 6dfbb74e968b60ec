using System.Diagnostics;

namespace Protocols.Proxy.Upstream;

/// <summary>
/// The cancellation of one upstream exchange: linked to the client's <c>RequestAborted</c> (a client
/// that goes away cancels the upstream request at once, C72) and armed with the current timeout
/// (first byte, then idle between reads). Tells afterwards which of the two fired.
/// </summary>
/// <remarks>
/// One timer per exchange. A stream reports activity with <see cref="Touch()"/> (a timestamp write) instead of
/// re-arming a timer per chunk; when the timer fires it checks how long the upstream has really been silent and
/// either cancels or sleeps again for the rest of the limit.
/// </remarks>
internal sealed class UpstreamCall : IDisposable
{
    private static readonly TimeSpan MaxDue = TimeSpan.FromDays(30);

    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _clientAborted;
    private Timer? _timer;
    private long _lastActivity;
    private long _limitTicks;

    /// <summary>Creates the call.</summary>
    /// <param name="clientAborted">The client's <c>RequestAborted</c>.</param>
    public UpstreamCall(CancellationToken clientAborted)
    {
        _clientAborted = clientAborted;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
    }

    /// <summary>The token to pass to every upstream operation.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Whether the client went away.</summary>
    public bool ClientGone => _clientAborted.IsCancellationRequested;

    /// <summary>Whether a timeout (not the client) cancelled the call.</summary>
    public bool TimedOut => _cts.IsCancellationRequested && !_clientAborted.IsCancellationRequested;

    /// <summary>What is being timed, for messages (<c>first byte</c>, <c>idle</c>).</summary>
    public string Phase { get; private set; } = "first byte";

    /// <summary>The current timeout.</summary>
    public TimeSpan Limit { get; private set; }

    /// <summary>Starts (or restarts) the timer for a new phase.</summary>
    /// <param name="limit">The time allowed without activity.</param>
    /// <param name="phase">What is timed.</param>
    public void Arm(TimeSpan limit, string phase)
    {
        Limit = limit;
        Phase = phase;
        var ticks = limit.TotalSeconds * Stopwatch.Frequency;
        Volatile.Write(ref _limitTicks, ticks >= long.MaxValue / 2 ? long.MaxValue / 2 : (long)ticks);
        Touch();
        var due = Due(limit);
        if (_timer is null)
        {
            _timer = new Timer(static s => ((UpstreamCall)s!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The upstream did something (a chunk arrived): the idle time starts again. Cheap enough to call per chunk.</summary>
    public void Touch() => Touch(Stopwatch.GetTimestamp());

    /// <summary>The upstream did something at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp the caller already took).</summary>
    /// <param name="timestamp">When.</param>
    public void Touch(long timestamp) => Volatile.Write(ref _lastActivity, timestamp);

    /// <summary>Cancels the upstream exchange now (the stream is over).</summary>
    public void Cancel() => _cts.Cancel();

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer?.Dispose();
        _cts.Dispose();
    }

    // A timer cannot wait longer than ~49 days; a longer limit (UPSTREAM_IDLE_TIMEOUT=2000h) waits in 30-day steps.
    private static TimeSpan Due(TimeSpan limit) => limit > MaxDue ? MaxDue : limit < TimeSpan.Zero ? TimeSpan.Zero : limit;

    private void OnTimer()
    {
        var silent = Stopwatch.GetTimestamp() - Volatile.Read(ref _lastActivity);
        var remaining = Volatile.Read(ref _limitTicks) - silent;
        try
        {
            if (remaining <= 0)
            {
                _cts.Cancel();
            }
            else
            {
                _timer?.Change(Due(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency)), Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // The exchange ended while the timer was firing.
        }
    }
}
