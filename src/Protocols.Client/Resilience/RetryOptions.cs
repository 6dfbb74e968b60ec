namespace Protocols.Client;

/// <summary>
/// When and how failed attempts are retried. Retried: the statuses in <see cref="RetryableStatusCodes"/>, connection
/// failures and timeouts before a response; never a stream that has started delivering events, never 400, 401,
/// 403, 404 or 422. A server's <c>x-should-retry: true|false</c> header overrides the status rule.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    /// <value>2 (three attempts in all); 0 turns retries off.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The delay before the first retry; each retry doubles it.</summary>
    /// <value>500 ms.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed backoff.</summary>
    /// <value>8 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How much of each computed delay is random: the delay is <c>min(InitialDelay·2ⁿ, MaxDelay) × (1 − JitterFraction × r)</c>
    /// with <c>r</c> uniform in [0, 1), so many clients do not retry in step. Server-given delays are not jittered.
    /// </summary>
    /// <value>0.25; 0 for exact delays.</value>
    public double JitterFraction { get; set; } = 0.25;

    /// <summary>
    /// The longest server-requested delay (<c>retry-after-ms</c>/<c>retry-after</c>) that is waited for; a longer one is
    /// not retried but surfaces at once (<see cref="RateLimitedException.RetryAfter"/>, <see cref="OverloadedException.RetryAfter"/>)
    /// so the caller can decide.
    /// </summary>
    /// <value>60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The statuses that are retried.</summary>
    /// <value>408, 429, 500, 501, 502, 503, 504 and 529.</value>
    public ISet<int> RetryableStatusCodes { get; } = new HashSet<int> { 408, 429, 500, 501, 502, 503, 504, 529 };

    /// <summary>The computed backoff for a retry (without a server-given delay).</summary>
    /// <param name="retry">The retry number, 0 for the first retry.</param>
    /// <param name="random">A value in [0, 1).</param>
    /// <returns>The delay.</returns>
    public TimeSpan Backoff(int retry, double random)
    {
        var exponential = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        var jitter = Math.Clamp(JitterFraction, 0, 1);
        return TimeSpan.FromMilliseconds(capped * (1 - (jitter * random)));
    }

    /// <summary>Copies the settings.</summary>
    /// <returns>A new instance.</returns>
    public RetryOptions Clone()
    {
        var copy = new RetryOptions
        {
            MaxRetries = MaxRetries,
            InitialDelay = InitialDelay,
            MaxDelay = MaxDelay,
            JitterFraction = JitterFraction,
            MaxRetryAfter = MaxRetryAfter,
        };
        copy.RetryableStatusCodes.Clear();
        copy.RetryableStatusCodes.UnionWith(RetryableStatusCodes);
        return copy;
    }
}
