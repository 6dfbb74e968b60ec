using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Protocols.Client;

/// <summary>
/// The client's instruments on the meter <c>Protocols.Client</c>: every HTTP attempt, every retry, the duration of
/// each call, and tokens used. Each measurement is tagged with the operation and <c>server.address</c>.
/// </summary>
public sealed class ClientMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Protocols.Client";

    /// <summary>Counter: HTTP attempts (tags <c>operation</c>, <c>server.address</c>, <c>outcome</c>: the status or the error type).</summary>
    public const string AttemptsName = "protocols.client.attempts";

    /// <summary>Counter: retries (tags <c>operation</c>, <c>server.address</c>, <c>reason</c>).</summary>
    public const string RetriesName = "protocols.client.retries";

    /// <summary>Histogram: call duration in seconds, retries included (tags <c>operation</c>, <c>server.address</c>, <c>outcome</c>).</summary>
    public const string DurationName = "protocols.client.request.duration";

    /// <summary>Counter: tokens (tags <c>model</c>, <c>server.address</c>, <c>token.type</c>: input or output).</summary>
    public const string TokensName = "protocols.client.tokens";

    private static readonly Meter SharedMeter = new(MeterName);

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a shared static meter.</summary>
    /// <param name="meterFactory">The DI meter factory, or null.</param>
    public ClientMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? SharedMeter;
        _attempts = meter.CreateCounter<long>(AttemptsName, "{attempt}", "HTTP attempts sent upstream");
        _retries = meter.CreateCounter<long>(RetriesName, "{retry}", "Attempts retried after a failure");
        _duration = meter.CreateHistogram<double>(DurationName, "s", "Call duration, retries included");
        _tokens = meter.CreateCounter<long>(TokensName, "{token}", "Tokens reported by the backend");
    }

    internal void Attempt(string operation, string server, string outcome) =>
        _attempts.Add(1, new TagList { { "operation", operation }, { "server.address", server }, { "outcome", outcome } });

    internal void Retry(string operation, string server, string reason) =>
        _retries.Add(1, new TagList { { "operation", operation }, { "server.address", server }, { "reason", reason } });

    internal void Duration(string operation, string server, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new TagList { { "operation", operation }, { "server.address", server }, { "outcome", outcome } });

    internal void Tokens(string model, string server, long input, long output)
    {
        _tokens.Add(input, new TagList { { "model", model }, { "server.address", server }, { "token.type", "input" } });
        _tokens.Add(output, new TagList { { "model", model }, { "server.address", server }, { "token.type", "output" } });
    }
}
