
namespace Protocols.Proxy.Observability;

/// <summary>
/// Every log line the proxy writes (LoggerMessage-generated). None takes a header value, a key or a
/// token: bodies go through <see cref="SecretRedactor"/> first.
/// </summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Protocols proxy {Version} listening on {Url} ({Backend})")]
    public static partial void Listening(ILogger logger, string version, string url, string backend);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Upstream: {Upstream} (auth: {Auth})")]
    public static partial void Upstream(ILogger logger, string upstream, string auth);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message =
        "No UPSTREAM_BASE_URL set: answering from the built-in demo upstream (deterministic, local, no real model). " +
        "To use a real backend set UPSTREAM_BASE_URL and UPSTREAM_API_KEY, e.g. UPSTREAM_BASE_URL=https://api.openai.com/v1 UPSTREAM_API_KEY=sk-... " +
        "(environment, a .env file, or --upstream URL); map models with MODEL_MAP=claude-*=gpt-4o or REASONING_MODEL/COMPLETION_MODEL.")]
    public static partial void DemoUpstream(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Client keys: {Count} configured")]
    public static partial void ClientKeys(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Listening on {Host} without client keys (ALLOW_UNAUTHENTICATED): anyone who can reach it can use the upstream credential")]
    public static partial void Unauthenticated(ILogger logger, string host);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Settings file: {Path}")]
    public static partial void DotEnv(ILogger logger, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message =
        "{RequestId} {Method} {Route} {Status} {DurationMs:0.0}ms model={RequestedModel}→{TargetModel} tokens={InputTokens}/{OutputTokens} lossy={Lossy}{Outcome}")]
    public static partial void Request(
        ILogger logger, string requestId, string method, string route, int status, double durationMs,
        string requestedModel, string targetModel, long inputTokens, long outputTokens, string lossy, string outcome);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message =
        "{RequestId} received {Method} {Path} length={ContentLength} anthropic-version={AnthropicVersion} anthropic-beta={AnthropicBeta} auth={AuthKind}")]
    public static partial void Received(ILogger logger, string requestId, string method, string path, long? contentLength, string? anthropicVersion, string? anthropicBeta, string authKind);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "{RequestId} upstream {Method} {Url} -> {Status} after {ElapsedMs:0.0}ms")]
    public static partial void UpstreamResponse(ILogger logger, string requestId, string method, string url, int status, double elapsedMs);

    [LoggerMessage(EventId = 13, Level = LogLevel.Trace, Message = "{RequestId} {What} body: {Body}")]
    public static partial void Body(ILogger logger, string requestId, string what, string body);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{RequestId} upstream failed: {Kind}: {Message}")]
    public static partial void UpstreamFailed(ILogger logger, string requestId, string kind, string message);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{RequestId} stream ended with an error event: {ErrorType}: {Message}")]
    public static partial void StreamFailed(ILogger logger, string requestId, string errorType, string message);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "{RequestId} unexpected failure")]
    public static partial void Unexpected(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Upstream model list unavailable ({Status}): serving the configured aliases only")]
    public static partial void ModelsUnavailable(ILogger logger, int status);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message =
        "{RequestId} the upstream answered a {Asked} request with {Sent} ({Handling}); said once; each such request's log line says outcome={Outcome}")]
    public static partial void StreamMismatch(ILogger logger, string requestId, string asked, string sent, string handling, string outcome);
}
