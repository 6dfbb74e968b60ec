using Protocols.Anthropic;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>A message with what is known about the call that produced it.</summary>
/// <param name="Message">The Anthropic message.</param>
/// <param name="Report">What the translation dropped or altered (empty when lossless).</param>
/// <param name="RateLimits">The backend's rate-limit headers.</param>
/// <param name="RequestId">The backend's request id, when it sent one.</param>
/// <param name="Attempts">HTTP attempts made (1 without retries).</param>
public sealed record MessageResult(Message Message, ConversionReport Report, RateLimitHeaders RateLimits, string? RequestId, int Attempts);
