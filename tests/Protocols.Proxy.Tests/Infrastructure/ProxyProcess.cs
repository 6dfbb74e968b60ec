using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>The built proxy (<c>dotnet Protocols.Proxy.dll</c>) run as a real process; killed on dispose.</summary>
public sealed partial class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProxyProcess(Process process) => _process = process;

    public string Url { get; private set; } = string.Empty;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Protocols.Proxy.dll");

    /// <summary>Starts the proxy and waits for its "listening on" line.</summary>
    public static async Task<ProxyProcess> StartAsync(string workingDirectory, IDictionary<string, string?>? env, params string[] args)
    {
        var proxy = Launch(workingDirectory, env, args);
        var finished = proxy._process.WaitForExitAsync();
        var first = await Task.WhenAny(proxy._listening.Task, finished, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != proxy._listening.Task)
        {
            var output = proxy.Stdout + proxy.Stderr;
            await proxy.DisposeAsync();
            throw new InvalidOperationException("the proxy did not start: " + output);
        }

        proxy.Url = await proxy._listening.Task;
        return proxy;
    }

    /// <summary>Waits until standard output contains <paramref name="text"/> (log lines follow the "listening" line).</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Stdout.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Stdout;
    }

    /// <summary>Runs the proxy to its exit (for refusals, --help, --version).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string workingDirectory, IDictionary<string, string?>? env, params string[] args)
    {
        await using var proxy = Launch(workingDirectory, env, args);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await proxy._process.WaitForExitAsync(cts.Token);
        proxy._process.WaitForExit();
        return (proxy._process.ExitCode, proxy.Stdout, proxy.Stderr);
    }

    /// <summary>A port that is free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProxyProcess Launch(string workingDirectory, IDictionary<string, string?>? env, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A clean slate: nothing from the test run's own configuration leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("UPSTREAM_", StringComparison.Ordinal) || k is "PORT" or "HOST" or "DEBUG" or "VERBOSE" or "BACKEND" or "PROXY_API_KEYS" or "ASPNETCORE_URLS").ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = workingDirectory;
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var proxy = new ProxyProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (proxy._stdout)
            {
                proxy._stdout.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } m)
            {
                proxy._listening.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (proxy._stderr)
                {
                    proxy._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
