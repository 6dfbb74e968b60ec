namespace Protocols.Proxy.Upstream;

/// <summary>
/// The cancellation of one upstream exchange: linked to the client's <c>RequestAborted</c> (a client
/// that goes away cancels the upstream request at once, C72) and armed with the current timeout
/// (first byte, then idle between reads). Tells afterwards which of the two fired.
/// </summary>
internal sealed class UpstreamCall : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _clientAborted;

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

    /// <summary>Starts (or restarts) the timer.</summary>
    /// <param name="limit">The time allowed.</param>
    /// <param name="phase">What is timed.</param>
    public void Arm(TimeSpan limit, string phase)
    {
        Limit = limit;
        Phase = phase;
        _cts.CancelAfter(limit);
    }

    /// <summary>Cancels the upstream exchange now (the stream is over).</summary>
    public void Cancel() => _cts.Cancel();

    /// <inheritdoc/>
    public void Dispose() => _cts.Dispose();
}
