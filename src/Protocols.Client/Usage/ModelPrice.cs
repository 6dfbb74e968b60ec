namespace Protocols.Client;

/// <summary>A model's prices per million tokens, in whatever currency the table uses.</summary>
/// <param name="InputPerMillion">Uncached input tokens.</param>
/// <param name="OutputPerMillion">Output tokens.</param>
/// <param name="CacheWritePerMillion">Tokens written to the prompt cache; null for the input price.</param>
/// <param name="CacheReadPerMillion">Tokens read from the prompt cache; null for the input price.</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal? CacheWritePerMillion = null, decimal? CacheReadPerMillion = null)
{
    /// <summary>The cost of a usage.</summary>
    /// <param name="inputTokens">Uncached input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cacheWriteTokens">Tokens written to the cache.</param>
    /// <param name="cacheReadTokens">Tokens read from the cache.</param>
    /// <returns>The cost.</returns>
    public decimal Cost(long inputTokens, long outputTokens, long cacheWriteTokens = 0, long cacheReadTokens = 0) =>
        ((inputTokens * InputPerMillion)
        + (outputTokens * OutputPerMillion)
        + (cacheWriteTokens * (CacheWritePerMillion ?? InputPerMillion))
        + (cacheReadTokens * (CacheReadPerMillion ?? InputPerMillion))) / 1_000_000m;
}
