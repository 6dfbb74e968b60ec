using System.Diagnostics.CodeAnalysis;

namespace Protocols.Client;

/// <summary>
/// Prices by model: exact ids, or prefixes ending in <c>*</c> (<c>gpt-4o-mini*</c>). The longest matching pattern wins.
/// Thread-safe.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>Sets the price of a model or model family.</summary>
    /// <param name="modelPattern">An exact id, or a prefix ending in <c>*</c>.</param>
    /// <param name="price">The price.</param>
    /// <returns>This table, for chaining.</returns>
    public PriceTable Set(string modelPattern, ModelPrice price)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPattern);
        ArgumentNullException.ThrowIfNull(price);
        lock (_lock)
        {
            _prices[modelPattern.Trim()] = price;
        }

        return this;
    }

    /// <summary>Finds the price of a model.</summary>
    /// <param name="model">The model id.</param>
    /// <param name="price">The price, when one matches.</param>
    /// <returns>True when a pattern matches.</returns>
    public bool TryGet(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        price = null;
        var bestScore = -1;
        lock (_lock)
        {
            foreach (var (pattern, value) in _prices)
            {
                var isPrefix = pattern.EndsWith('*');
                var matches = isPrefix
                    ? model.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase)
                    : model.Equals(pattern, StringComparison.OrdinalIgnoreCase);

                // An exact id beats every prefix; a longer prefix beats a shorter one.
                var score = isPrefix ? pattern.Length - 1 : int.MaxValue;
                if (matches && score > bestScore)
                {
                    bestScore = score;
                    price = value;
                }
            }
        }

        return price is not null;
    }

    /// <summary>The cost of a usage, or null when the model has no price.</summary>
    /// <param name="model">The model id.</param>
    /// <param name="inputTokens">Uncached input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cacheWriteTokens">Tokens written to the cache.</param>
    /// <param name="cacheReadTokens">Tokens read from the cache.</param>
    /// <returns>The cost.</returns>
    public decimal? Cost(string model, long inputTokens, long outputTokens, long cacheWriteTokens = 0, long cacheReadTokens = 0) =>
        TryGet(model, out var price) ? price.Cost(inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens) : null;
}
