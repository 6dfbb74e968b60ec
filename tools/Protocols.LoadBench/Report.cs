using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Protocols.LoadBench;

/// <summary>Writes the results as Markdown: the targets (as ratios of the same run), every cell, fidelity, start-up.</summary>
public static class Report
{
    public static string Markdown(BenchResults r)
    {
        var sb = new StringBuilder();
        var o = r.Options;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        Line(sb, $"Run {r.Started:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.FrameworkDescription}; " +
            $"proxy under load: {(o.LoadWithExe ? "the published single-file binary" : "dotnet Protocols.Proxy.dll (Release build)")}; " +
            $"load average {r.LoadBefore:F2} before, {r.LoadAfter:F2} after; each cell {o.Warmup.TotalSeconds:0.#} s warm-up + {o.Duration.TotalSeconds:0.#} s measured" +
            (o.ProxyEnv.Count > 0 ? "; proxy environment " + string.Join(" ", o.ProxyEnv.Select(kv => kv.Key + "=" + kv.Value)) : string.Empty) + ".");
        Line(sb);

        Line(sb, "### Targets");
        Line(sb);
        var withForwarder = r.Cells.Any(c => c.Target == "forwarder");
        if (withForwarder)
        {
            Line(sb, "Last column: the same measure for the naive forwarder (Kestrel + HttpClient copying bytes, no translation) in the same run — " +
                "what any .NET proxy on this machine reaches before it translates anything.");
            Line(sb);
        }

        Line(sb, "| target | measured | met |" + (withForwarder ? " naive forwarder, same run |" : string.Empty));
        Line(sb, "|---|---|---|" + (withForwarder ? "---|" : string.Empty));
        foreach (var size in o.Sizes)
        {
            foreach (var c in new[] { 16, 64 })
            {
                Ratio(sb, r, size, false, c, 0.5, $"non-streaming req/s ≥ 0.5× direct, {size}, c={c}");
            }
        }

        foreach (var size in o.Sizes)
        {
            Ratio(sb, r, size, true, 16, 0.6, $"streaming req/s ≥ 0.6× direct, {size}, c=16");
        }

        foreach (var size in o.Sizes)
        {
            if (Pair(r, size, false, 16) is var (d, p))
            {
                var added = p.M.P50 - d.M.P50;
                var f = Forwarder(r, size, false, 16);
                Row(sb, $"added p50 ≤ 0.5 ms, non-streaming {size}, c=16", $"{added:F3} ms ({d.M.P50:F3} → {p.M.P50:F3})", added <= 0.5,
                    f is null ? Dash(r) : Versus(f.M.P50 - d.M.P50, " ms", f.M.P50 - d.M.P50 <= 0.5));
            }
        }

        foreach (var size in o.Sizes)
        {
            if (Pair(r, size, true, 1) is var (d, p))
            {
                var added = p.M.TtftP50 - d.M.TtftP50;
                var f = Forwarder(r, size, true, 1);
                Row(sb, $"streaming time to first token added ≤ 0.3 ms, {size}, c=1", $"{added:F3} ms ({d.M.TtftP50:F3} → {p.M.TtftP50:F3})", added <= 0.3,
                    f is null ? Dash(r) : Versus(f.M.TtftP50 - d.M.TtftP50, " ms", f.M.TtftP50 - d.M.TtftP50 <= 0.3));
            }
        }

        var c64 = r.Cells.Where(c => c.Target == "proxy" && c.Concurrency == 64).ToList();
        if (c64.Count > 0)
        {
            var peak = c64.Max(c => c.ServerPeakRssMb);
            var f64 = r.Cells.Where(c => c.Target == "forwarder" && c.Concurrency == 64).ToList();
            var fpeak = f64.Count == 0 ? (double?)null : f64.Max(c => c.ServerPeakRssMb);
            Row(sb, "proxy peak RSS under c=64 ≤ 100 MB", $"{peak:F1} MB (whole run VmHWM {r.ProxyHwmMb:F1} MB, idle {r.ProxyIdleRssMb:F1} MB)", peak <= 100,
                fpeak is { } fwPeak ? Versus(fwPeak, " MB", fwPeak <= 100) : Dash(r));
        }

        foreach (var s in r.Startups)
        {
            var median = Median(s.HealthMs);
            Row(sb, $"start-up to first served request ≤ 0.5 s: {s.What}", $"{median:F0} ms median /health (min {s.HealthMs.Min():F0}), first message {Median(s.FirstMessageMs):F0} ms", median <= 500, Dash(r));
        }

        if (r.FidelityDirect is { } fd && r.FidelityProxy is { } fp)
        {
            var added = fp.TtftP50 - fd.TtftP50;
            Row(sb, $"fidelity: TTFT with {r.FidelityDelayMs} ms between chunks within 2 ms of direct", $"{added:F3} ms ({fd.TtftP50:F3} → {fp.TtftP50:F3})", Math.Abs(added) <= 2, Dash(r));
        }

        Line(sb);
        Line(sb, "### Every cell");
        Line(sb);
        Line(sb, "Latency = request sent → last byte read; TTFT = request sent → first content event (streams). " +
            "CPU = the proxy's user+system time over the window, 100% = one core (in brackets: CPU ms per request); machine = all processes, 200% = both cores. " +
            "Forwarder = a naive .NET forwarder (Kestrel + HttpClient copying bytes, no translation, Server GC): the cost of any .NET proxy here.");
        Line(sb);
        var forwarder = r.Cells.Any(c => c.Target == "forwarder");
        Line(sb, "| request | c | direct req/s | proxy req/s | ratio |" + (forwarder ? " forwarder ratio |" : string.Empty) +
            " direct p50 / p99 ms | proxy p50 / p99 ms | added p50 ms | TTFT direct → proxy (forwarder) ms | proxy CPU % (ms/req) |" + (forwarder ? " forwarder CPU ms/req |" : string.Empty) +
            " proxy peak RSS MB | machine % direct / proxy |");
        Line(sb, "|---|---|---|---|---|" + (forwarder ? "---|" : string.Empty) + "---|---|---|---|---|" + (forwarder ? "---|" : string.Empty) + "---|---|");
        foreach (var size in o.Sizes)
        {
            foreach (var stream in o.Streams)
            {
                foreach (var c in o.Concurrency)
                {
                    if (Pair(r, size, stream, c) is not var (d, p))
                    {
                        continue;
                    }

                    var f = r.Cells.FirstOrDefault(x => x.Size == size && x.Stream == stream && x.Concurrency == c && x.Target == "forwarder");
                    var ttft = stream ? $"{d.M.TtftP50:F3} → {p.M.TtftP50:F3}" + (f is null ? string.Empty : $" ({f.M.TtftP50:F3})") : "–";
                    Line(sb, $"| {size} {(stream ? "stream" : "non-stream")} | {c} | {d.M.RequestsPerSecond:F0} | {p.M.RequestsPerSecond:F0} | {p.M.RequestsPerSecond / d.M.RequestsPerSecond:F2} |" +
                        (forwarder ? $" {(f is null ? "–" : (f.M.RequestsPerSecond / d.M.RequestsPerSecond).ToString("F2", CultureInfo.InvariantCulture))} |" : string.Empty) +
                        $" {d.M.P50:F3} / {d.M.P99:F3} | {p.M.P50:F3} / {p.M.P99:F3} | {p.M.P50 - d.M.P50:F3} | {ttft} | {p.ServerCpuPercent:F0} ({p.ServerCpuMsPerRequest:F3}) |" +
                        (forwarder ? $" {(f is null ? "–" : f.ServerCpuMsPerRequest.ToString("F3", CultureInfo.InvariantCulture))} |" : string.Empty) +
                        $" {p.ServerPeakRssMb:F1} | {d.MachineBusyPercent:F0} / {p.MachineBusyPercent:F0} |");
                }
            }
        }

        var errors = r.Cells.Where(c => c.M.Errors > 0).ToList();
        if (errors.Count > 0)
        {
            Line(sb);
            foreach (var e in errors)
            {
                Line(sb, $"- errors: {e.Target} {e.Size} {(e.Stream ? "stream" : "non-stream")} c={e.Concurrency}: {e.M.Errors} ({e.M.FirstError})");
            }
        }

        if (r.FidelityDirect is { } fd2 && r.FidelityProxy is { } fp2)
        {
            Line(sb);
            Line(sb, $"### Fidelity probe ({r.FidelityDelayMs} ms between upstream chunks, small streaming request, c=1)");
            Line(sb);
            Line(sb, "| | requests | TTFT p50 / p99 ms | whole stream p50 ms |");
            Line(sb, "|---|---|---|---|");
            Line(sb, $"| direct | {fd2.Count} | {fd2.TtftP50:F3} / {fd2.TtftP99:F3} | {fd2.P50:F1} |");
            Line(sb, $"| proxy | {fp2.Count} | {fp2.TtftP50:F3} / {fp2.TtftP99:F3} | {fp2.P50:F1} |");
        }

        if (r.AllocProbe.Count > 0)
        {
            Line(sb);
            Line(sb, "### Allocation probe (c=16)");
            Line(sb);
            Line(sb, "The same proxy build, its entry point hosted in a process that reports GC.GetTotalAllocatedBytes and collection counts " +
                "(Server GC as the proxy's runtimeconfig; tiered compilation off so the code is steady-state from the start; its speed is not comparable and not shown).");
            Line(sb);
            Line(sb, "| request | proxy KB allocated / request | forwarder KB / request | proxy gen0 GCs / 1000 req | proxy gen2 GCs / 1000 req |");
            Line(sb, "|---|---|---|---|---|");
            foreach (var a in r.AllocProbe)
            {
                var f = r.Cells.FirstOrDefault(x => x.Size == a.Size && x.Stream == a.Stream && x.Concurrency == 16 && x.Target == "forwarder");
                Line(sb, $"| {a.Size} {(a.Stream ? "stream" : "non-stream")} | {a.AllocKbPerRequest:F1} | {(f is null ? "–" : f.AllocKbPerRequest.ToString("F1", CultureInfo.InvariantCulture))} | {a.Gen0Per1k:F2} | {a.Gen2Per1k:F3} |");
            }
        }

        if (r.Startups.Count > 0)
        {
            Line(sb);
            Line(sb, "### Start-up (process start → first 200 from /health; → first translated POST /v1/messages answered)");
            Line(sb);
            Line(sb, "| binary | /health median (min–max) ms | first message median ms | runs |");
            Line(sb, "|---|---|---|---|");
            foreach (var s in r.Startups)
            {
                Line(sb, $"| {s.What} | {Median(s.HealthMs):F0} ({s.HealthMs.Min():F0}–{s.HealthMs.Max():F0}) | {Median(s.FirstMessageMs):F0} | {s.HealthMs.Count} |");
            }
        }

        return sb.ToString();
    }

    private static (Cell Direct, Cell Proxy)? Pair(BenchResults r, string size, bool stream, int c)
    {
        var d = r.Cells.FirstOrDefault(x => x.Size == size && x.Stream == stream && x.Concurrency == c && x.Target == "direct");
        var p = r.Cells.FirstOrDefault(x => x.Size == size && x.Stream == stream && x.Concurrency == c && x.Target == "proxy");
        return d is null || p is null ? null : (d, p);
    }

    private static void Ratio(StringBuilder sb, BenchResults r, string size, bool stream, int c, double goal, string label)
    {
        if (Pair(r, size, stream, c) is var (d, p))
        {
            var ratio = p.M.RequestsPerSecond / d.M.RequestsPerSecond;
            var f = Forwarder(r, size, stream, c);
            Row(sb, label, $"{ratio:F2}× ({d.M.RequestsPerSecond:F0} → {p.M.RequestsPerSecond:F0} req/s)", ratio >= goal,
                f is null ? Dash(r) : Versus(f.M.RequestsPerSecond / d.M.RequestsPerSecond, "×", f.M.RequestsPerSecond / d.M.RequestsPerSecond >= goal));
        }
    }

    private static Cell? Forwarder(BenchResults r, string size, bool stream, int c) =>
        r.Cells.FirstOrDefault(x => x.Size == size && x.Stream == stream && x.Concurrency == c && x.Target == "forwarder");

    /// <summary>The forwarder column's filler where it measured nothing comparable; null when the run had no forwarder.</summary>
    private static string? Dash(BenchResults r) => r.Cells.Any(c => c.Target == "forwarder") ? "–" : null;

    private static string Versus(double value, string unit, bool met) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:F2}{unit} ({(met ? "meets it" : "misses it")})");

    /// <summary>One row of the targets table; <paramref name="forwarder"/> fills the last column when the run had a forwarder.</summary>
    private static void Row(StringBuilder sb, string target, string measured, bool met, string? forwarder = null) =>
        Line(sb, $"| {target} | {measured} | {(met ? "met" : "**missed**")} |" + (forwarder is null ? string.Empty : $" {forwarder} |"));

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
