using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Protocols.LoadBench;

/// <summary>
/// A server run as a child process (the proxy, or this program in <c>upstream</c>/<c>forwarder</c> mode). Its output is
/// read continuously (and dropped, but for the last lines) so a full pipe never slows it; the whole process tree is
/// killed on dispose.
/// </summary>
public sealed partial class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lines;
    private GcStats _gc = new(0, 0, 0, 0);

    private ChildServer(Process process) => _process = process;

    /// <summary>The URL from the server's "listening on" line.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The process id (the <c>dotnet</c> host runs the application in-process, so this is the server itself).</summary>
    public int Pid => _process.Id;

    /// <summary>How many lines the server wrote (the proxy logs one per request).</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>The last <c>gcstats</c> line (see <see cref="GcStats.StartPrinting"/>), for servers that print them.</summary>
    public GcStats Gc => Volatile.Read(ref _gc);

    /// <summary>The last lines of its output.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>Starts the process without waiting for anything.</summary>
    public static ChildServer Launch(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
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

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildServer(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts the process and waits (up to a minute) for its "listening on" line.</summary>
    public static async Task<ChildServer> StartAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var child = Launch(fileName, args, env, workingDirectory);
        var first = await Task.WhenAny(child._listening.Task, child._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1)));
        if (first != child._listening.Task)
        {
            var tail = child.Tail;
            await child.DisposeAsync();
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} did not start:{Environment.NewLine}{tail}");
        }

        child.Url = await child._listening.Task;
        return child;
    }

    /// <summary>Starts this program itself in another mode (<c>upstream</c>, <c>forwarder URL</c>).</summary>
    public static Task<ChildServer> StartSelfAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        // Under `dotnet Protocols.LoadBench.dll` the host needs the dll; under the apphost (`dotnet run`) it does not.
        var host = Environment.ProcessPath ?? "dotnet";
        var self = typeof(ChildServer).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? StartAsync(host, [self, .. args], env)
            : StartAsync(host, args, env);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(GcStats.Prefix, StringComparison.Ordinal))
        {
            if (GcStats.TryParse(line) is { } gc)
            {
                Volatile.Write(ref _gc, gc);
            }

            return;
        }

        Interlocked.Increment(ref _lines);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }

        if (!_listening.Task.IsCompleted && ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
