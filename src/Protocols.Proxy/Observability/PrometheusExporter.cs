using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Protocols.Proxy.Observability;

/// <summary>
/// Aggregates the proxy meter's measurements with a <see cref="MeterListener"/> and renders them in the
/// Prometheus text format (version 0.0.4): counters as <c>_total</c>, the up-down counter as a gauge,
/// histograms as cumulative <c>_bucket</c>/<c>_sum</c>/<c>_count</c>.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<TagKey, Series>> _series = new();
    private readonly Protocols.Translation.TranslationCache? _cache;

    /// <summary>Starts listening to <paramref name="metrics"/>' meter.</summary>
    /// <param name="metrics">The instruments.</param>
    /// <param name="cache">The translation cache, whose counters are rendered too (null: none).</param>
    public PrometheusExporter(ProxyMetrics metrics, Protocols.Translation.TranslationCache? cache = null)
    {
        _cache = cache;
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                _series.TryAdd(instrument, new ConcurrentDictionary<TagKey, Series>());
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Renders every series.</summary>
    /// <returns>The exposition text.</returns>
    public string Render()
    {
        var sb = new StringBuilder(2048);
        foreach (var (instrument, series) in _series.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal))
        {
            var isHistogram = instrument is Histogram<double>;
            var isGauge = instrument is UpDownCounter<long>;
            var name = isHistogram || isGauge ? instrument.Name : instrument.Name + "_total";
            sb.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(isHistogram ? "histogram" : isGauge ? "gauge" : "counter").Append('\n');
            if (isGauge && series.IsEmpty)
            {
                sb.Append(name).Append(" 0\n");
            }

            foreach (var s in series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal))
            {
                var labels = s.Labels;
                lock (s)
                {
                    if (!isHistogram)
                    {
                        sb.Append(name).Append(Braces(labels)).Append(' ').Append(Format(s.Sum)).Append('\n');
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i < Buckets.Length; i++)
                    {
                        cumulative += s.Buckets![i];
                        sb.Append(name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Format(Buckets[i])}\""))).Append(' ').Append(cumulative).Append('\n');
                    }

                    sb.Append(name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(s.Count).Append('\n');
                    sb.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Format(s.Sum)).Append('\n');
                    sb.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(s.Count).Append('\n');
                }
            }
        }

        RenderCache(sb);
        RenderProcess(sb);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    /// <summary>One metric family: its HELP and TYPE lines, then a line per series (by <c>part</c>, or none).</summary>
    private static void Family(StringBuilder sb, string name, string type, string help, params (string? Part, long Value)[] series) =>
        Family(sb, name, type, help, "part", series);

    /// <summary>One metric family whose series are told apart by <paramref name="label"/> (a null value: no label).</summary>
    private static void Family(StringBuilder sb, string name, string type, string help, string label, params (string? Value, long Measure)[] series)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (value, measure) in series)
        {
            sb.Append(name);
            if (value is not null)
            {
                sb.Append('{').Append(label).Append("=\"").Append(value).Append("\"}");
            }

            sb.Append(' ').Append(measure).Append('\n');
        }
    }

    /// <summary>
    /// The process and the runtime, read when scraped: what an operator needs to see the proxy's memory, CPU, garbage
    /// collector and thread pool next to its requests (the usual <c>process_*</c> names, so stock dashboards work).
    /// </summary>
    private static void RenderProcess(StringBuilder sb)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Family(sb, "process_resident_memory_bytes", "gauge", "Resident memory of the proxy's process.", "part", (null, process.WorkingSet64));
        sb.Append("# HELP process_cpu_seconds_total User and system CPU time of the proxy's process.\n");
        sb.Append("# TYPE process_cpu_seconds_total counter\n");
        sb.Append("process_cpu_seconds_total ").Append(Format(process.TotalProcessorTime.TotalSeconds)).Append('\n');
        sb.Append("# HELP process_start_time_seconds When the proxy's process started, in seconds since the Unix epoch.\n");
        sb.Append("# TYPE process_start_time_seconds gauge\n");
        sb.Append("process_start_time_seconds ").Append(Format(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0)).Append('\n');
        Family(sb, "dotnet_gc_heap_bytes", "gauge", "Bytes on the managed heap: objects alive at the last collection and allocated since.", "part", (null, GC.GetTotalMemory(false)));
        Family(sb, "dotnet_gc_committed_bytes", "gauge", "Memory the garbage collector had committed at its last collection (0 before the first).", "part", (null, gc.TotalCommittedBytes));
        Family(sb, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.", "part", (null, GC.GetTotalAllocatedBytes()));
        Family(sb, "dotnet_gc_collections_total", "counter", "Garbage collections since start, by generation.", "generation",
            ("0", GC.CollectionCount(0)), ("1", GC.CollectionCount(1)), ("2", GC.CollectionCount(2)));
        Family(sb, "dotnet_threadpool_threads", "gauge", "Thread-pool threads.", "part", (null, ThreadPool.ThreadCount));
        Family(sb, "dotnet_threadpool_queue_length", "gauge", "Work items queued to the thread pool, not yet started.", "part", (null, ThreadPool.PendingWorkItemCount));
    }

    /// <summary>
    /// The translation cache's own counters (read when scraped): whether a client's resent tools, system prompt and
    /// earlier messages are being reused — what keeps a long Claude Code session cheap.
    /// </summary>
    private void RenderCache(StringBuilder sb)
    {
        if (_cache is not { } cache)
        {
            return;
        }

        Family(sb, "protocols_proxy_translation_cache_hits_total", "counter",
            "Request parts taken from the translation cache instead of being read and translated, by part.",
            ("tools", cache.Hits), ("system", cache.SystemHits), ("messages", cache.MessageHits));
        Family(sb, "protocols_proxy_translation_cache_misses_total", "counter",
            "Tool lists and system prompts translated (and then cached), by part.",
            ("tools", cache.Misses), ("system", cache.SystemMisses));
        Family(sb, "protocols_proxy_translation_cache_entries", "gauge",
            "Entries in the translation cache, by part.",
            ("tools", cache.Count), ("system", cache.SystemCount), ("messages", cache.MessageCount));
        Family(sb, "protocols_proxy_translation_cache_message_bytes", "gauge",
            "Bytes of the messages kept (bounded; the parsed messages take about three times that).",
            (null, cache.MessageBytes));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_series.TryGetValue(instrument, out var series))
        {
            return;
        }

        // The hot path looks the series up by the tag values themselves (no label text built, nothing allocated);
        // the label text is made once, when a series is first seen.
        var key = new TagKey(tags);
        if (!series.TryGetValue(key, out var s))
        {
            s = series.GetOrAdd(key, new Series(Labels(tags), instrument is Histogram<double> ? new long[Buckets.Length] : null));
        }

        lock (s)
        {
            s.Sum += value;
            s.Count++;
            if (s.Buckets is { } buckets)
            {
                var i = Array.BinarySearch(Buckets, value);
                i = i < 0 ? ~i : i;
                if (i < buckets.Length)
                {
                    buckets[i]++;
                }
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var (k, v) in tags)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(k).Append("=\"");
            foreach (var c in Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty)
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series(string labels, long[]? buckets)
    {
        public string Labels { get; } = labels;

        public long[]? Buckets { get; } = buckets;

        public double Sum { get; set; }

        public long Count { get; set; }
    }

    /// <summary>
    /// A series' identity: its tag names and values (at most three, as every proxy instrument has), compared by value.
    /// Instruments with more tags fall back to their label text.
    /// </summary>
    private readonly struct TagKey : IEquatable<TagKey>
    {
        private readonly KeyValuePair<string, object?> _a;
        private readonly KeyValuePair<string, object?> _b;
        private readonly KeyValuePair<string, object?> _c;
        private readonly string? _more;
        private readonly int _count;

        public TagKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            _count = tags.Length;
            if (tags.Length > 3)
            {
                _more = Labels(tags);
                return;
            }

            if (tags.Length > 0)
            {
                _a = tags[0];
            }

            if (tags.Length > 1)
            {
                _b = tags[1];
            }

            if (tags.Length > 2)
            {
                _c = tags[2];
            }
        }

        public bool Equals(TagKey other) => _count == other._count && string.Equals(_more, other._more, StringComparison.Ordinal)
            && Same(_a, other._a) && Same(_b, other._b) && Same(_c, other._c);

        public override bool Equals(object? obj) => obj is TagKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(_count, _more, _a.Key, _a.Value, _b.Value, _c.Value);

        private static bool Same(KeyValuePair<string, object?> x, KeyValuePair<string, object?> y) =>
            string.Equals(x.Key, y.Key, StringComparison.Ordinal) && Equals(x.Value, y.Value);
    }
}
