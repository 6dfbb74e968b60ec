using System.Globalization;
using System.Reflection;

namespace Protocols.LoadBench;

/// <summary>The command line of <c>run</c> (the default mode).</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        usage: Protocols.LoadBench [run] [options]
               Protocols.LoadBench upstream            (the fake OpenAI upstream alone)
               Protocols.LoadBench forwarder URL       (the naive forwarder alone, to URL = …/v1/chat/completions)

          --proxy-dll PATH       the proxy to load (default: src/Protocols.Proxy/bin/Release/net10.0/Protocols.Proxy.dll)
          --proxy-exe PATH       also time the start-up of this published binary
          --load-with-exe        put the load on the published binary (--proxy-exe) instead of the dll
          --proxy-env K=V        an environment variable for the proxy (repeatable; e.g. DOTNET_gcServer=0)
          --warmup SECONDS       per cell (default 4)
          --duration SECONDS     measured per cell (default 6)
          --concurrency LIST     default 1,16,64
          --sizes LIST           small,large (default both)
          --modes LIST           nonstream,stream (default both)
          --no-forwarder         skip the naive-forwarder baseline
          --no-alloc-probe       skip the allocation probe (the proxy hosted in-process, c=16, per request type)
          --startup-runs N       start-up measurements per binary (default 7; 0 to skip)
          --fidelity-seconds S   length of each side of the fidelity probe (default 8; 0 to skip)
          --out FILE             also write the Markdown report to FILE
        """;

    public string ProxyDll { get; set; } = Path.Combine(RepoRoot, "src", "Protocols.Proxy", "bin", "Release", "net10.0", "Protocols.Proxy.dll");

    public string? ProxyExe { get; set; }

    public bool LoadWithExe { get; set; }

    public Dictionary<string, string> ProxyEnv { get; } = [];

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(6);

    public List<int> Concurrency { get; set; } = [1, 16, 64];

    public List<string> Sizes { get; set; } = ["small", "large"];

    public List<bool> Streams { get; set; } = [false, true];

    public bool Forwarder { get; set; } = true;

    public bool AllocProbe { get; set; } = true;

    public int StartupRuns { get; set; } = 7;

    public TimeSpan FidelityDuration { get; set; } = TimeSpan.FromSeconds(8);

    public string? Out { get; set; }

    /// <summary>The repository root, baked in at build time.</summary>
    public static string RepoRoot =>
        typeof(BenchOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value
        ?? Environment.CurrentDirectory;

    /// <summary>Parses the options; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
            static double Seconds(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--proxy-dll": o.ProxyDll = Path.GetFullPath(Next()); break;
                case "--proxy-exe": o.ProxyExe = Path.GetFullPath(Next()); break;
                case "--proxy-env":
                    var kv = Next().Split('=', 2);
                    o.ProxyEnv[kv[0]] = kv.Length > 1 ? kv[1] : string.Empty;
                    break;
                case "--warmup": o.Warmup = TimeSpan.FromSeconds(Seconds(Next())); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(Seconds(Next())); break;
                case "--concurrency": o.Concurrency = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--sizes": o.Sizes = [.. Next().Split(',')]; break;
                case "--modes": o.Streams = [.. Next().Split(',').Select(m => m == "stream" ? true : m == "nonstream" ? false : throw new ArgumentException("mode: " + m))]; break;
                case "--no-forwarder": o.Forwarder = false; break;
                case "--load-with-exe": o.LoadWithExe = true; break;
                case "--no-alloc-probe": o.AllocProbe = false; break;
                case "--startup-runs": o.StartupRuns = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--fidelity-seconds": o.FidelityDuration = TimeSpan.FromSeconds(Seconds(Next())); break;
                case "--out": o.Out = Path.GetFullPath(Next()); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        if (o.Sizes.Any(s => s is not ("small" or "large")))
        {
            throw new ArgumentException("sizes are small and large");
        }

        if (!File.Exists(o.ProxyDll))
        {
            throw new ArgumentException($"{o.ProxyDll} does not exist: dotnet build -c Release src/Protocols.Proxy");
        }

        if (o.LoadWithExe && o.ProxyExe is null)
        {
            throw new ArgumentException("--load-with-exe needs --proxy-exe");
        }

        return o;
    }
}
