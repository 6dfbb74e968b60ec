
namespace Protocols.Proxy.Observability;

/// <summary>
/// What one request did, filled in by the handlers and written as one log line and a few measurements
/// when the response ends. Kept as an HTTP feature of the request.
/// </summary>
internal sealed class RequestRecord
{
    /// <summary>The request id (also the <c>request-id</c> response header).</summary>
    public required string RequestId { get; init; }

    /// <summary>The model the client asked for.</summary>
    public string RequestedModel { get; set; } = "-";

    /// <summary>The model sent upstream.</summary>
    public string TargetModel { get; set; } = "-";

    /// <summary>Input tokens (upstream-reported, or estimated).</summary>
    public long InputTokens { get; set; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>The conversion report's codes.</summary>
    public string Lossy { get; set; } = string.Empty;

    /// <summary>A note on how it ended when not plainly (stream error, client abort).</summary>
    public string? Outcome { get; set; }

    /// <summary>The record of <paramref name="context"/>'s request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>The record (one is always set by <see cref="RequestTracking"/>).</returns>
    public static RequestRecord Of(HttpContext context) => context.Features.Get<RequestRecord>()
        ?? throw new InvalidOperationException("RequestTracking middleware is not installed");
}
