using Protocols.Testing.Processes;

namespace Protocols.LoadBench;

/// <summary>
/// A server run as a child process (the proxy, or this program in <c>upstream</c>/<c>forwarder</c> mode): the tests'
/// <see cref="ServerProcess"/> (clean environment, output read continuously, process tree killed on dispose), keeping
/// only the last lines of output (the proxy logs one per request) and taking the <c>gcstats</c> lines the servers
/// this program hosts print (<see cref="GcStats.StartPrinting"/>).
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    private readonly ServerProcess _server;
    private GcStats _gc = new(0, 0, 0, 0);

    private ChildServer(Func<Func<string, bool>, ServerProcess> start) => _server = start(TakeGcStats);

    /// <summary>The URL from the server's "listening on" line.</summary>
    public string Url => _server.Url;

    /// <summary>The process id (the <c>dotnet</c> host runs the application in-process, so this is the server itself).</summary>
    public int Pid => _server.Pid;

    /// <summary>How many lines the server wrote (the proxy logs one per request).</summary>
    public long Lines => _server.Lines;

    /// <summary>The last <c>gcstats</c> line, for servers that print them.</summary>
    public GcStats Gc => Volatile.Read(ref _gc);

    /// <summary>The last lines of its output.</summary>
    public string Tail => _server.Tail;

    /// <summary>Starts the process without waiting for anything.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="env">Variables to set.</param>
    /// <param name="workingDirectory">Its working directory (and HOME, when given).</param>
    /// <returns>The running server.</returns>
    public static ChildServer Launch(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null) =>
        new(intercept => ServerProcess.Launch(Options(fileName, args, env, workingDirectory, intercept)));

    /// <summary>Starts the process and waits (up to a minute) for its "listening on" line.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="env">Variables to set.</param>
    /// <param name="workingDirectory">Its working directory (and HOME, when given).</param>
    /// <returns>The listening server.</returns>
    public static async Task<ChildServer> StartAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var child = Launch(fileName, args, env, workingDirectory);
        try
        {
            await child._server.WaitUntilListeningAsync(TimeSpan.FromMinutes(1));
        }
        catch (InvalidOperationException)
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    /// <summary>Starts this program itself in another mode (<c>upstream</c>, <c>forwarder URL</c>).</summary>
    /// <param name="env">Variables to set.</param>
    /// <param name="args">The mode and its arguments.</param>
    /// <returns>The listening server.</returns>
    public static Task<ChildServer> StartSelfAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        // Under `dotnet Protocols.LoadBench.dll` the host needs the dll; under the apphost (`dotnet run`) it does not.
        var host = Environment.ProcessPath ?? "dotnet";
        var self = typeof(ChildServer).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? StartAsync(host, [self, .. args], env)
            : StartAsync(host, args, env);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static ServerProcessOptions Options(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, string? workingDirectory, Func<string, bool> intercept) =>
        new(fileName, [.. args])
        {
            Environment = env?.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            WorkingDirectory = workingDirectory,
            KeepLines = 20,
            Intercept = intercept,
        };

    private bool TakeGcStats(string line)
    {
        if (!line.StartsWith(GcStats.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (GcStats.TryParse(line) is { } gc)
        {
            Volatile.Write(ref _gc, gc);
        }

        return true;
    }
}
