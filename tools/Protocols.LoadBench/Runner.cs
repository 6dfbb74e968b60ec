using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Protocols.LoadBench;

/// <summary>One cell of the table: a target under one load.</summary>
public sealed record Cell(
    string Size,
    bool Stream,
    int Concurrency,
    string Target,
    Measurement M,
    double ServerCpuPercent,
    double ServerCpuMsPerRequest,
    double ServerPeakRssMb,
    double UpstreamCpuPercent,
    double MachineBusyPercent,
    double AllocKbPerRequest,
    double Gen0Per1k,
    double Gen2Per1k);

/// <summary>Start-up times of one binary: process start → first 200 from /health, → first translated message.</summary>
public sealed record Startup(string What, IReadOnlyList<double> HealthMs, IReadOnlyList<double> FirstMessageMs);

/// <summary>Everything one run measured.</summary>
public sealed record BenchResults(
    BenchOptions Options,
    DateTimeOffset Started,
    double LoadBefore,
    double LoadAfter,
    IReadOnlyList<Cell> Cells,
    IReadOnlyList<Startup> Startups,
    Measurement? FidelityDirect,
    Measurement? FidelityProxy,
    double ProxyHwmMb,
    double ProxyIdleRssMb,
    int FidelityDelayMs,
    IReadOnlyList<Cell> AllocProbe);

/// <summary>
/// Runs the whole benchmark: the fake upstream (a child process), start-up timings of the proxy, then the proxy (and the
/// naive forwarder) under load next to the upstream hit directly, cell by cell (direct, proxy, forwarder back to back
/// for each cell), then the fidelity probe.
/// </summary>
public static class Runner
{
    public const int FidelityDelayMs = 10;

    /// <summary>The servers this program hosts use Server GC like the proxy (a Web SDK project's default).</summary>
    private static readonly Dictionary<string, string> ServerGc = new() { ["DOTNET_gcServer"] = "1" };

    public static async Task<BenchResults> RunAsync(BenchOptions o, TextWriter log)
    {
        var started = DateTimeOffset.Now;
        var loadBefore = ProcStats.LoadAverage();
        log.WriteLine($"load average {loadBefore:F2}; proxy {o.ProxyDll}");
        var work = Directory.CreateTempSubdirectory("protocols-loadbench-").FullName;
        try
        {
            await using var upstream = await ChildServer.StartSelfAsync(null, "upstream");
            log.WriteLine($"upstream {upstream.Url} (pid {upstream.Pid})");
            var upstreamV1 = upstream.Url + "/v1";
            var proxyEnv = new Dictionary<string, string>(o.ProxyEnv) { ["HOME"] = work };

            var startups = new List<Startup>();
            if (o.StartupRuns > 0)
            {
                startups.Add(await MeasureStartupAsync("dotnet Protocols.Proxy.dll (Release build, JIT)", "dotnet", [o.ProxyDll], upstreamV1, proxyEnv, work, o.StartupRuns, log));
                if (o.ProxyExe is not null)
                {
                    startups.Add(await MeasureStartupAsync("published single-file binary (ReadyToRun, trimmed)", o.ProxyExe, [], upstreamV1, proxyEnv, work, o.StartupRuns, log));
                }
            }

            await using var proxy = o.LoadWithExe
                ? await ChildServer.StartAsync(o.ProxyExe!, ["--port", "0", "--upstream", upstreamV1], proxyEnv, work)
                : await ChildServer.StartAsync("dotnet", [o.ProxyDll, "--port", "0", "--upstream", upstreamV1], proxyEnv, work);
            log.WriteLine($"proxy {proxy.Url} (pid {proxy.Pid}, {(o.LoadWithExe ? o.ProxyExe : o.ProxyDll)})");
            await using var forwarder = o.Forwarder ? await ChildServer.StartSelfAsync(ServerGc, "forwarder", upstreamV1 + "/chat/completions") : null;
            if (forwarder is not null)
            {
                log.WriteLine($"forwarder {forwarder.Url} (pid {forwarder.Pid})");
            }

            using var client = LoadDriver.CreateClient();
            var direct = new Target("direct", new Uri(upstreamV1 + "/chat/completions"), [new("Authorization", "Bearer dummy")], Target.OpenAIContentMarker);
            var viaProxy = new Target("proxy", new Uri(proxy.Url + "/v1/messages"), [new("x-api-key", "dummy"), new("anthropic-version", "2023-06-01")], Target.AnthropicContentMarker);
            var viaForwarder = forwarder is null ? null
                : new Target("forwarder", new Uri(forwarder.Url + "/v1/messages"), [new("Authorization", "Bearer dummy")], Target.OpenAIContentMarker);

            // The same request in both protocols: the OpenAI body is exactly what the proxy sent the upstream.
            var bodies = new Dictionary<(string Size, bool Stream), (byte[] Anthropic, byte[] OpenAI)>();
            foreach (var size in o.Sizes)
            {
                foreach (var stream in o.Streams)
                {
                    bodies[(size, stream)] = await PrepareAsync(client, upstream.Url, viaProxy, direct, size, "bench", stream, log);
                }
            }

            var idleRss = ProcStats.StatusMegabytes(proxy.Pid, "VmRSS");
            await using var proxyRss = new RssSampler(proxy.Pid);
            await using var forwarderRss = forwarder is null ? null : new RssSampler(forwarder.Pid);

            // JIT and connection warm-up of every target before the first measured cell. The proxy gets longer: on a
            // saturated 2-core machine its background tier-1 compilation is starved and takes seconds to finish.
            foreach (var target in new[] { direct, viaProxy, viaForwarder }.OfType<Target>())
            {
                foreach (var ((size, stream), body) in bodies)
                {
                    var seconds = target == viaProxy ? 2.5 : 1;
                    await LoadDriver.RunAsync(client, target, target == viaProxy ? body.Anthropic : body.OpenAI, stream, 8, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(0.5), _ => { });
                }
            }

            var cells = new List<Cell>();
            foreach (var size in o.Sizes)
            {
                foreach (var stream in o.Streams)
                {
                    foreach (var c in o.Concurrency)
                    {
                        foreach (var target in new[] { direct, viaProxy, viaForwarder }.OfType<Target>())
                        {
                            var server = target == viaProxy ? proxy : target == viaForwarder ? forwarder : null;
                            var rss = target == viaProxy ? proxyRss : target == viaForwarder ? forwarderRss : null;
                            var body = target == viaProxy ? bodies[(size, stream)].Anthropic : bodies[(size, stream)].OpenAI;
                            var cell = await MeasureCellAsync(client, target, body, size, stream, c, o.Warmup, o.Duration, server, upstream.Pid, rss, server is not null && server == forwarder);
                            cells.Add(cell);
                            log.WriteLine($"{size,-5} {(stream ? "stream" : "non-stream"),-10} c={c,-3} {target.Name,-9} {cell.M.RequestsPerSecond,9:F0} req/s  p50 {cell.M.P50,7:F3} ms  p99 {cell.M.P99,7:F3} ms  ttft {cell.M.TtftP50,7:F3} ms  " +
                                $"cpu {cell.ServerCpuPercent,5:F0}%  rss {cell.ServerPeakRssMb,5:F1} MB  machine {cell.MachineBusyPercent,3:F0}%  errors {cell.M.Errors}{(cell.M.FirstError is null ? string.Empty : " (" + cell.M.FirstError + ")")}");
                        }
                    }
                }
            }

            Measurement? fidelityDirect = null, fidelityProxy = null;
            if (o.FidelityDuration > TimeSpan.Zero)
            {
                var (anthropic, openAI) = await PrepareAsync(client, upstream.Url, viaProxy, direct, "small", "bench-delay-" + FidelityDelayMs, true, log);
                fidelityDirect = await LoadDriver.RunAsync(client, direct, openAI, true, 1, TimeSpan.FromSeconds(1), o.FidelityDuration, _ => { });
                fidelityProxy = await LoadDriver.RunAsync(client, viaProxy, anthropic, true, 1, TimeSpan.FromSeconds(1), o.FidelityDuration, _ => { });
                log.WriteLine($"fidelity ({FidelityDelayMs} ms between chunks): ttft direct {fidelityDirect.TtftP50:F3} ms, proxy {fidelityProxy.TtftP50:F3} ms; " +
                    $"whole stream direct {fidelityDirect.P50:F1} ms, proxy {fidelityProxy.P50:F1} ms");
            }

            var hwm = ProcStats.StatusMegabytes(proxy.Pid, "VmHWM");
            log.WriteLine($"proxy peak RSS over the whole run (VmHWM) {hwm:F1} MB; {proxy.Lines} log lines");

            // The allocation probe: the same proxy build, its entry point hosted in a process that reports its GC counters.
            // Tiered compilation is off there: every method is compiled optimized at once, so the counters describe
            // steady-state code (with tiering, a fresh process keeps re-compiling for many seconds under this load).
            var allocProbe = new List<Cell>();
            if (o.AllocProbe)
            {
                await using var hosted = await ChildServer.StartSelfAsync(new Dictionary<string, string>(proxyEnv) { ["DOTNET_gcServer"] = "1", ["DOTNET_TieredCompilation"] = "0" },
                    "proxy-host", o.ProxyDll, "--port", "0", "--upstream", upstreamV1);
                var viaHosted = viaProxy with { Url = new Uri(hosted.Url + "/v1/messages") };
                foreach (var ((_, stream), body) in bodies)
                {
                    await LoadDriver.RunAsync(client, viaHosted, body.Anthropic, stream, 8, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5), _ => { });
                }

                foreach (var ((size, stream), body) in bodies)
                {
                    var cell = await MeasureCellAsync(client, viaHosted, body.Anthropic, size, stream, 16, o.Warmup, o.Duration, hosted, upstream.Pid, null, true);
                    allocProbe.Add(cell);
                    log.WriteLine($"alloc probe {size,-5} {(stream ? "stream" : "non-stream"),-10} c=16 proxy (hosted) {cell.M.RequestsPerSecond,9:F0} req/s  {cell.AllocKbPerRequest,7:F1} KB/req  gen0 {cell.Gen0Per1k:F2}/1k req  gen2 {cell.Gen2Per1k:F3}/1k req");
                }
            }

            return new BenchResults(o, started, loadBefore, ProcStats.LoadAverage(), cells, startups, fidelityDirect, fidelityProxy, hwm, idleRss, FidelityDelayMs, allocProbe);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<Cell> MeasureCellAsync(
        HttpClient client, Target target, byte[] body, string size, bool stream, int concurrency, TimeSpan warmup, TimeSpan duration,
        ChildServer? server, int upstreamPid, RssSampler? rss, bool reportsGc)
    {
        double serverCpu0 = 0, serverCpu1 = 0, upstreamCpu0 = 0, upstreamCpu1 = 0;
        (long Busy, long Total) machine0 = default, machine1 = default;
        GcStats? gc0 = null, gc1 = null;
        int? serverPid = server?.Pid;
        var m = await LoadDriver.RunAsync(client, target, body, stream, concurrency, warmup, duration, open =>
        {
            if (open)
            {
                rss?.Reset();
                gc0 = server?.Gc;
                serverCpu0 = serverPid is { } p ? ProcStats.CpuSeconds(p) : 0;
                upstreamCpu0 = ProcStats.CpuSeconds(upstreamPid);
                machine0 = ProcStats.MachineTicks();
            }
            else
            {
                serverCpu1 = serverPid is { } p ? ProcStats.CpuSeconds(p) : 0;
                upstreamCpu1 = ProcStats.CpuSeconds(upstreamPid);
                machine1 = ProcStats.MachineTicks();
                gc1 = server?.Gc;
            }
        });
        var serverCpu = serverCpu1 - serverCpu0;
        var machineBusy = (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total) * Environment.ProcessorCount * 100;
        return new Cell(
            size,
            stream,
            concurrency,
            target.Name,
            m,
            serverPid is null ? double.NaN : serverCpu / m.Seconds * 100,
            serverPid is null || m.Count == 0 ? double.NaN : serverCpu * 1000 / m.Count,
            rss?.Peak ?? double.NaN,
            (upstreamCpu1 - upstreamCpu0) / m.Seconds * 100,
            machineBusy,
            !reportsGc || gc0 is null || gc1 is null || m.Count == 0 ? double.NaN : (gc1.AllocatedBytes - gc0.AllocatedBytes) / 1024.0 / m.Count,
            !reportsGc || gc0 is null || gc1 is null || m.Count == 0 ? double.NaN : (gc1.Gen0 - gc0.Gen0) * 1000.0 / m.Count,
            !reportsGc || gc0 is null || gc1 is null || m.Count == 0 ? double.NaN : (gc1.Gen2 - gc0.Gen2) * 1000.0 / m.Count);
    }

    /// <summary>
    /// Builds the Anthropic request of a cell, sends it once through the proxy (checking the answer) while the upstream
    /// captures what it receives: that capture is the OpenAI request sent directly.
    /// </summary>
    private static async Task<(byte[] Anthropic, byte[] OpenAI)> PrepareAsync(
        HttpClient client, string upstreamUrl, Target viaProxy, Target direct, string size, string model, bool stream, TextWriter log)
    {
        var anthropic = Inputs.AnthropicBody(size == "small" ? Inputs.SmallRequest : Inputs.ClaudeCodeRequest, model, stream);
        (await client.PostAsync(upstreamUrl + "/control/capture", null)).EnsureSuccessStatusCode();
        var (status, text) = await LoadDriver.SendOnceAsync(client, viaProxy, anthropic);
        var openAI = await client.GetByteArrayAsync(upstreamUrl + "/control/captured");
        var expected = stream ? "event: message_stop" : "\"tool_use\"";
        if (status != HttpStatusCode.OK || !text.Contains(expected, StringComparison.Ordinal) || !text.Contains("Bash", StringComparison.Ordinal) || openAI.Length == 0)
        {
            throw new InvalidOperationException($"the proxy's answer to the {size} {(stream ? "streaming" : "non-streaming")} request is not as expected ({(int)status}): {text[..Math.Min(text.Length, 2000)]}");
        }

        var (directStatus, directText) = await LoadDriver.SendOnceAsync(client, direct, openAI);
        if (directStatus != HttpStatusCode.OK || !directText.Contains("Bash", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the upstream's direct answer is not as expected ({(int)directStatus}): {directText[..Math.Min(directText.Length, 500)]}");
        }

        log.WriteLine($"{size} {(stream ? "stream" : "non-stream")} {model}: Anthropic request {anthropic.Length:N0} B → OpenAI request {openAI.Length:N0} B; proxy answer {Encoding.UTF8.GetByteCount(text):N0} B");
        return (anthropic, openAI);
    }

    private static async Task<Startup> MeasureStartupAsync(
        string what, string fileName, string[] prefix, string upstreamV1, IReadOnlyDictionary<string, string> env, string work, int runs, TextWriter log)
    {
        var health = new List<double>();
        var message = new List<double>();
        var request = Inputs.AnthropicBody(Inputs.SmallRequest, "bench", false);
        for (var i = 0; i < runs; i++)
        {
            var port = FreePort();
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(5) };
            var watch = Stopwatch.StartNew();
            await using var child = ChildServer.Launch(fileName, [.. prefix, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--upstream", upstreamV1], env, work);
            double healthMs = double.NaN;
            while (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/health");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        healthMs = watch.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(2);
            }

            if (double.IsNaN(healthMs))
            {
                throw new InvalidOperationException($"{what} did not answer /health within 30 s: {child.Tail}");
            }

            var target = new Target("proxy", new Uri($"http://127.0.0.1:{port}/v1/messages"), [new("x-api-key", "dummy"), new("anthropic-version", "2023-06-01")], []);
            var (status, _) = await LoadDriver.SendOnceAsync(client, target, request);
            var messageMs = watch.Elapsed.TotalMilliseconds;
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{what}: first message answered {(int)status}");
            }

            health.Add(healthMs);
            message.Add(messageMs);
        }

        log.WriteLine($"start-up, {what}: /health {string.Join(", ", health.Select(h => h.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms; first message {string.Join(", ", message.Select(h => h.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        return new Startup(what, health, message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
