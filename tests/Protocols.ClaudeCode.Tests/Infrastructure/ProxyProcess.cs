using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Protocols.ClaudeCode.Tests.Infrastructure;

/// <summary>
/// The built proxy run as a real process: <c>dotnet Protocols.Proxy.dll --port 0 --upstream URL</c>, from this
/// test project's output folder (the project reference builds the proxy and copies it there). Killed on dispose.
/// </summary>
public sealed partial class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProxyProcess(Process process) => _process = process;

    /// <summary>The proxy's URL (<c>http://127.0.0.1:PORT</c>), from its "listening on" log line.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Everything the proxy wrote on stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The proxy copied into the test output folder.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Protocols.Proxy.dll");

    /// <summary>Starts the proxy in front of <paramref name="upstreamBaseUrl"/> and waits for it to listen.</summary>
    /// <param name="upstreamBaseUrl">The fake upstream's <c>…/v1</c> URL.</param>
    /// <param name="directory">A throw-away folder: working directory and HOME (so no stray <c>.env</c> is read).</param>
    public static async Task<ProxyProcess> StartAsync(string upstreamBaseUrl, string directory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { DllPath, "--port", "0", "--host", "127.0.0.1", "--upstream", upstreamBaseUrl, "--debug" })
        {
            info.ArgumentList.Add(arg);
        }

        // Nothing of the machine's own proxy configuration leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("UPSTREAM_", StringComparison.Ordinal)
            || k.StartsWith("PROXY_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k is "PORT" or "HOST" or "DEBUG" or "VERBOSE" or "BACKEND" or "MODEL_MAP" or "REASONING_MODEL" or "COMPLETION_MODEL").ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = directory;
        info.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = info };
        var proxy = new ProxyProcess(process);
        process.OutputDataReceived += (_, e) => proxy.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var first = await Task.WhenAny(proxy._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != proxy._listening.Task)
        {
            var output = proxy.Output;
            await proxy.DisposeAsync();
            throw new InvalidOperationException($"the proxy ({DllPath}) did not start within 60 s:{Environment.NewLine}{output}");
        }

        proxy.Url = await proxy._listening.Task;
        return proxy;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ChildProcess.Kill(_process);
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
