namespace Protocols.Testing;

/// <summary>Waits for something a server does after it has answered (a log line, a callback), polling briefly.</summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; polls every 10 ms.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="within">How long to wait at most (default 10 s).</param>
    /// <returns>A task.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"condition not met within {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s");
            }

            await Task.Delay(10);
        }
    }
}
