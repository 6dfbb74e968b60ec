using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Protocols.Client.Tests;

/// <summary>Collects the client's measurements for one server (tests run in parallel on a shared meter).</summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsCollector(int port)
    {
        var server = $"127.0.0.1:{port}";
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ClientMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags, server));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags, server));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> Measurements { get; } = new();

    public IEnumerable<Dictionary<string, string?>> Of(string instrument) =>
        Measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags);

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string server)
    {
        var dict = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            dict[tag.Key] = tag.Value?.ToString();
        }

        if (dict.TryGetValue("server.address", out var s) && s == server)
        {
            Measurements.Enqueue((instrument.Name, value, dict));
        }
    }
}
