using System.Collections.Concurrent;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>
/// Counts requests and tokens per model, thread-safe and lock-free; with a <see cref="PriceTable"/> it estimates the
/// cost. One tracker can be shared by many clients.
/// </summary>
/// <param name="prices">The prices for <see cref="ModelUsage.EstimatedCost"/>; null for no cost estimate.</param>
public sealed class UsageTracker(PriceTable? prices = null)
{
    private readonly ConcurrentDictionary<string, Counters> _models = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prices used for estimates.</summary>
    public PriceTable? Prices { get; } = prices;

    /// <summary>Records one successful call.</summary>
    /// <param name="model">The model id (the client records the upstream model).</param>
    /// <param name="usage">The usage the response reported.</param>
    public void Record(string model, Usage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Record(model, usage.InputTokens, usage.OutputTokens, usage.CacheCreationInputTokens ?? 0, usage.CacheReadInputTokens ?? 0);
    }

    /// <summary>Records one successful call.</summary>
    /// <param name="model">The model id.</param>
    /// <param name="inputTokens">Uncached input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cacheCreationInputTokens">Input tokens written to the cache.</param>
    /// <param name="cacheReadInputTokens">Input tokens read from the cache.</param>
    public void Record(string model, long inputTokens, long outputTokens, long cacheCreationInputTokens = 0, long cacheReadInputTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = _models.GetOrAdd(model, static _ => new Counters());
        Interlocked.Increment(ref c.Requests);
        Interlocked.Add(ref c.Input, inputTokens);
        Interlocked.Add(ref c.Output, outputTokens);
        Interlocked.Add(ref c.CacheWrite, cacheCreationInputTokens);
        Interlocked.Add(ref c.CacheRead, cacheReadInputTokens);
    }

    /// <summary>The usage of one model (zeros when it was never used).</summary>
    /// <param name="model">The model id.</param>
    /// <returns>The usage.</returns>
    public ModelUsage Get(string model) =>
        _models.TryGetValue(model, out var c) ? ToUsage(model, c) : new ModelUsage(model, 0, 0, 0, 0, 0, Prices?.Cost(model, 0, 0));

    /// <summary>The usage of every model so far.</summary>
    /// <returns>A snapshot, ordered by model id.</returns>
    public IReadOnlyList<ModelUsage> Snapshot() =>
        [.. _models.OrderBy(static p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => ToUsage(p.Key, p.Value))];

    /// <summary>The estimated cost over all priced models.</summary>
    public decimal TotalEstimatedCost => Snapshot().Sum(static u => u.EstimatedCost ?? 0);

    /// <summary>Forgets everything recorded.</summary>
    public void Reset() => _models.Clear();

    private ModelUsage ToUsage(string model, Counters c)
    {
        long input = Interlocked.Read(ref c.Input), output = Interlocked.Read(ref c.Output);
        long write = Interlocked.Read(ref c.CacheWrite), read = Interlocked.Read(ref c.CacheRead);
        return new ModelUsage(model, Interlocked.Read(ref c.Requests), input, output, write, read, Prices?.Cost(model, input, output, write, read));
    }

    private sealed class Counters
    {
        public long Requests;
        public long Input;
        public long Output;
        public long CacheWrite;
        public long CacheRead;
    }
}
