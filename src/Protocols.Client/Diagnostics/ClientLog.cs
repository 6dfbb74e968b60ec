using Microsoft.Extensions.Logging;

namespace Protocols.Client;

/// <summary>The client's log messages (source-generated). No message carries a header, a key or a request body.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Operation}: sending to {Endpoint} (model {Model})")]
    public static partial void Sending(ILogger logger, string operation, string endpoint, string model);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Operation}: attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Operation}: {Status} after {Attempts} attempt(s) in {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, string operation, int status, int attempts, double elapsedMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Operation}: failed with {ErrorType} (status {Status}) after {Attempts} attempt(s)")]
    public static partial void Failed(ILogger logger, string operation, string errorType, int? status, int attempts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Operation}: the stream failed after {Events} event(s) with {ErrorType}; not retried")]
    public static partial void StreamFailed(ILogger logger, string operation, int events, string errorType);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "SSRF guard refused {Host} ({Address}, {Category})")]
    public static partial void Blocked(ILogger logger, string host, string address, string category);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Operation}: the budget refused a reservation of {Requested} ({Remaining} left)")]
    public static partial void BudgetRefused(ILogger logger, string operation, decimal requested, decimal remaining);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Operation}: the translation was lossy: {Notes}")]
    public static partial void Lossy(ILogger logger, string operation, string notes);
}
