using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Protocols.Testing.Processes;

/// <summary>How a <see cref="ServerProcess"/> is started.</summary>
/// <param name="FileName">The program (<c>dotnet</c>, a published binary, …).</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record ServerProcessOptions(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set for the child after the machine's proxy settings are removed (a null value removes one).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The working directory (default: the current one).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The child's <c>HOME</c>: a throw-away folder keeps a stray <c>~/.protocols-proxy.env</c> out.</summary>
    public string? Home { get; init; }

    /// <summary>Keep only the last this many lines (a load test's server logs a line per request); null keeps everything.</summary>
    public int? KeepLines { get; init; }

    /// <summary>Sees every line first; a line it returns true for is consumed (neither kept nor counted).</summary>
    public Func<string, bool>? Intercept { get; init; }

    /// <summary>How long <see cref="ServerProcess.StartAsync"/> waits for the "listening on" line.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A server run as a real child process — the built proxy, or a benchmark's upstream — the one launcher of the
/// test projects and the load benchmark. The machine's own proxy configuration (<c>UPSTREAM_*</c>, <c>PROXY_*</c>,
/// <c>ASPNETCORE_*</c>, <c>PORT</c>, …) never leaks in; its output is read continuously (so a full pipe never
/// slows it) and kept for the test's messages; the URL comes from its <c>listening on http://…</c> line; the whole
/// process tree is killed on dispose.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>Variables of the test machine that would configure the proxy, removed from every child's environment.</summary>
    public static readonly IReadOnlyList<string> ScrubbedPrefixes = ["UPSTREAM_", "PROXY_", "ASPNETCORE_"];

    /// <summary>Single variables removed likewise (the anthropic-proxy-rs names and the translation options).</summary>
    public static readonly IReadOnlyList<string> ScrubbedNames = ["PORT", "HOST", "DEBUG", "VERBOSE", "BACKEND", "MODEL_MAP", "REASONING_MODEL", "COMPLETION_MODEL"];

    private readonly Process _process;
    private readonly ServerProcessOptions _options;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lines;

    private ServerProcess(Process process, ServerProcessOptions options)
    {
        _process = process;
        _options = options;
    }

    /// <summary>The URL from the server's "listening on" line (after <see cref="StartAsync"/>).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (once <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>How many lines it wrote (not counting intercepted ones).</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Its standard output so far (empty when <see cref="ServerProcessOptions.KeepLines"/> is set: see <see cref="Tail"/>).</summary>
    public string Stdout => Read(_stdout);

    /// <summary>Its standard error so far (likewise).</summary>
    public string Stderr => Read(_stderr);

    /// <summary>Both, for a test's failure message.</summary>
    public string Output => _options.KeepLines is null ? Stdout + Stderr : Tail;

    /// <summary>The last lines of either stream (up to <see cref="ServerProcessOptions.KeepLines"/>, else 20).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(System.Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>Starts the process without waiting for anything.</summary>
    /// <param name="options">What to run.</param>
    /// <returns>The running process.</returns>
    public static ServerProcess Launch(ServerProcessOptions options)
    {
        var info = StartInfo(options);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, options);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data, server._stdout);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, server._stderr);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Starts the process and waits for its "listening on" line.</summary>
    /// <param name="options">What to run.</param>
    /// <returns>The listening server.</returns>
    /// <exception cref="InvalidOperationException">It exited or did not listen within <see cref="ServerProcessOptions.StartTimeout"/> (the message holds its output).</exception>
    public static async Task<ServerProcess> StartAsync(ServerProcessOptions options)
    {
        var server = Launch(options);
        try
        {
            await server.WaitUntilListeningAsync(options.StartTimeout);
        }
        catch (InvalidOperationException)
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits for the "listening on" line of a <see cref="Launch"/>ed process and sets <see cref="Url"/>.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="InvalidOperationException">It exited or did not listen in time (the message holds its output).</exception>
    public async Task<string> WaitUntilListeningAsync(TimeSpan timeout)
    {
        var first = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (first != _listening.Task)
        {
            throw new InvalidOperationException(
                $"{_options.FileName} {string.Join(' ', _options.Arguments)} did not start within {timeout.TotalSeconds:0} s:{System.Environment.NewLine}{Output}");
        }

        Url = await _listening.Task;
        return Url;
    }

    /// <summary>Runs the process to its exit (a refusal, <c>--help</c>) with <see cref="ChildProcess.RunAsync"/>: input closed, output captured, the tree killed at the deadline.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="timeout">The deadline (default 30 s).</param>
    /// <returns>Exit code and output.</returns>
    public static Task<ProcessResult> RunToExitAsync(ServerProcessOptions options, TimeSpan? timeout = null) =>
        ChildProcess.RunAsync(StartInfo(options), timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>How to start what <paramref name="options"/> describe: arguments, folder, the environment cleaned and set.</summary>
    /// <param name="options">What to run.</param>
    /// <returns>The start info (output not yet redirected).</returns>
    public static ProcessStartInfo StartInfo(ServerProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(IsScrubbed).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        if (options.Home is { } home)
        {
            info.Environment["HOME"] = home;
        }

        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    /// <summary>Waits until standard output contains <paramref name="text"/> (log lines follow the "listening" line).</summary>
    /// <param name="text">The text.</param>
    /// <param name="timeout">How long to wait (default 10 s).</param>
    /// <returns>Standard output at that point (whether or not the text came).</returns>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Stdout.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Stdout;
    }

    /// <summary>A loopback port that is free right now.</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ChildProcess.Kill(_process);
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
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

    private static bool IsScrubbed(string key) =>
        ScrubbedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)) || ScrubbedNames.Contains(key);

    private static string Read(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }

    private void OnLine(string? line, StringBuilder stream)
    {
        if (line is null || _options.Intercept?.Invoke(line) == true)
        {
            return;
        }

        Interlocked.Increment(ref _lines);
        var keep = _options.KeepLines ?? 20;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > keep)
            {
                _tail.Dequeue();
            }
        }

        if (_options.KeepLines is null)
        {
            lock (stream)
            {
                stream.AppendLine(line);
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
