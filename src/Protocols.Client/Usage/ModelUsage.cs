namespace Protocols.Client;

/// <summary>What one model has used so far.</summary>
/// <param name="Model">The upstream model id.</param>
/// <param name="Requests">Successful calls.</param>
/// <param name="InputTokens">Uncached input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CacheCreationInputTokens">Input tokens written to the prompt cache.</param>
/// <param name="CacheReadInputTokens">Input tokens read from the prompt cache.</param>
/// <param name="EstimatedCost">The cost from the tracker's price table; null when the model has no price.</param>
public sealed record ModelUsage(string Model, long Requests, long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens, decimal? EstimatedCost);
