namespace Protocols.Client.Tests;

/// <summary>
/// A controllable clock (the packaged FakeTimeProvider is not available here). Timers due within
/// <see cref="AutoAdvanceLimit"/> — the retry delays — fire at once by moving the clock forward, and their durations
/// are recorded in <see cref="Delays"/>; longer timers (read timeouts) fire only through <see cref="Advance"/>.
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TestTimer> _pending = [];
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now;

    public TestTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Timers due within this fire at once.</summary>
    public TimeSpan AutoAdvanceLimit { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The durations of the timers that fired automatically, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_lock)
            {
                return [.. _delays];
            }
        }
    }

    /// <summary>Timers waiting for <see cref="Advance"/>, by due time.</summary>
    public IReadOnlyList<TimeSpan> PendingDueIn
    {
        get
        {
            lock (_lock)
            {
                return [.. _pending.Select(t => t.Due - _now)];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TestTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock and fires the timers that become due.</summary>
    public void Advance(TimeSpan by)
    {
        List<TestTimer> due;
        lock (_lock)
        {
            _now += by;
            due = [.. _pending.Where(t => t.Due <= _now)];
            foreach (var t in due)
            {
                _pending.Remove(t);
            }
        }

        foreach (var t in due)
        {
            t.Fire();
        }
    }

    /// <summary>Waits (in real time) until a timer due in at least <paramref name="minimum"/> is pending.</summary>
    public async Task WaitForPendingAsync(TimeSpan minimum, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!PendingDueIn.Any(d => d >= minimum))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("no timer was scheduled");
            }

            await Task.Delay(10);
        }
    }

    private void Schedule(TestTimer timer, TimeSpan dueTime)
    {
        bool fireNow = false;
        lock (_lock)
        {
            _pending.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            if (dueTime <= AutoAdvanceLimit)
            {
                _delays.Add(dueTime);
                _now += dueTime;
                fireNow = true;
            }
            else
            {
                timer.Due = _now + dueTime;
                _pending.Add(timer);
            }
        }

        if (fireNow)
        {
            // Asynchronously, as a real timer would: the caller may still be setting up its continuation.
            ThreadPool.QueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
        }
    }

    private void Unschedule(TestTimer timer)
    {
        lock (_lock)
        {
            _pending.Remove(timer);
        }
    }

    private sealed class TestTimer(TestTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Unschedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
