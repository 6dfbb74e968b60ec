using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Protocols.Proxy.Observability;

/// <summary>
/// The proxy's instruments (System.Diagnostics.Metrics). One meter per application instance, made by
/// the host's <see cref="IMeterFactory"/>, so proxies started side by side in one process (tests) keep
/// separate numbers. <see cref="PrometheusExporter"/> renders them on <c>GET /metrics</c>.
/// </summary>
internal sealed class ProxyMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Protocols.Proxy";

    /// <summary>
    /// How many distinct <c>model</c> label values are kept: the model is whatever the client asks for, so without a
    /// cap each new name would be a new series forever. The first ones seen keep their name; later ones are <see cref="OtherModel"/>.
    /// </summary>
    public const int MaxModelLabels = 100;

    /// <summary>The <c>model</c> label of models past <see cref="MaxModelLabels"/> (and of names over <see cref="MaxModelLabelLength"/> characters).</summary>
    public const string OtherModel = "other";

    /// <summary>The longest model name kept as a label.</summary>
    public const int MaxModelLabelLength = 200;

    private readonly ConcurrentDictionary<string, byte> _modelLabels = new(StringComparer.Ordinal);
    private readonly Lock _modelLabelsLock = new();

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _upstreamErrors;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public ProxyMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _requests = Meter.CreateCounter<long>("protocols_proxy_requests", description: "Requests served, by route, status and requested model.");
        _duration = Meter.CreateHistogram<double>("protocols_proxy_request_duration_seconds", unit: "s", description: "Time from request to the end of the response, by route.");
        _tokens = Meter.CreateCounter<long>("protocols_proxy_tokens", description: "Tokens reported by the upstream, by direction (input, output) and requested model.");
        _activeStreams = Meter.CreateUpDownCounter<long>("protocols_proxy_active_streams", description: "Streaming responses in progress.");
        _upstreamErrors = Meter.CreateCounter<long>("protocols_proxy_upstream_errors", description: "Upstream failures, by status (or timeout, connect, stream).");
    }

    /// <summary>The meter (the exporter listens to it only).</summary>
    public Meter Meter { get; }

    /// <summary>Records a finished request.</summary>
    public void RequestFinished(string route, int status, string model, double seconds)
    {
        _requests.Add(1, new("route", route), new("status", Box(status)), new("model", ModelLabel(model)));
        _duration.Record(seconds, new KeyValuePair<string, object?>("route", route));
    }

    private static readonly object[] StatusBoxes = [.. Enumerable.Range(0, 600).Select(i => (object)i)];

    /// <summary>The status as a tag value, boxed once per process for every HTTP status.</summary>
    private static object Box(int status) => (uint)status < (uint)StatusBoxes.Length ? StatusBoxes[status] : status;

    /// <summary>Records token usage.</summary>
    public void Tokens(string model, long input, long output)
    {
        model = ModelLabel(model);
        if (input > 0)
        {
            _tokens.Add(input, new("direction", "input"), new("model", model));
        }

        if (output > 0)
        {
            _tokens.Add(output, new("direction", "output"), new("model", model));
        }
    }

    /// <summary>A stream started (+1) or ended (-1).</summary>
    public void ActiveStreams(int delta) => _activeStreams.Add(delta);

    /// <summary>The <c>model</c> label for <paramref name="model"/>: itself while fewer than <see cref="MaxModelLabels"/> names are in use, else <see cref="OtherModel"/>.</summary>
    /// <param name="model">The model the client asked for.</param>
    /// <returns>The label value.</returns>
    public string ModelLabel(string model)
    {
        if (_modelLabels.ContainsKey(model))
        {
            return model;
        }

        if (model.Length > MaxModelLabelLength)
        {
            return OtherModel;
        }

        lock (_modelLabelsLock)
        {
            if (_modelLabels.Count >= MaxModelLabels)
            {
                return OtherModel;
            }

            _modelLabels.TryAdd(model, 0);
            return model;
        }
    }

    /// <summary>Records an upstream failure.</summary>
    public void UpstreamError(string kind) => _upstreamErrors.Add(1, new KeyValuePair<string, object?>("status", kind));
}
