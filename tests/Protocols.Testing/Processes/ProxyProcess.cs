namespace Protocols.Testing.Processes;

/// <summary>
/// The built proxy run as a real process: <c>dotnet Protocols.Proxy.dll ARGS</c> from the test's output folder (a
/// test project's reference to <c>src/Protocols.Proxy</c> builds it and copies it there), in a throw-away folder that
/// is also its <c>HOME</c>, so no stray <c>.env</c> is read.
/// </summary>
public static class ProxyProcess
{
    /// <summary>The proxy copied into the test output folder.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Protocols.Proxy.dll");

    /// <summary>The options that run the proxy.</summary>
    /// <param name="directory">Working directory and HOME.</param>
    /// <param name="environment">Variables to set (null values remove one).</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The options.</returns>
    public static ServerProcessOptions Options(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        new("dotnet", [DllPath, .. arguments]) { WorkingDirectory = directory, Home = directory, Environment = environment };

    /// <summary>Starts the proxy and waits for its "listening on" line.</summary>
    /// <param name="directory">Working directory and HOME.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The listening proxy.</returns>
    public static Task<ServerProcess> StartAsync(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ServerProcess.StartAsync(Options(directory, environment, arguments));

    /// <summary>Runs the proxy to its exit (refusals, <c>--help</c>, <c>--version</c>).</summary>
    /// <param name="directory">Working directory and HOME.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>Exit code and output.</returns>
    public static Task<ProcessResult> RunToExitAsync(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ServerProcess.RunToExitAsync(Options(directory, environment, arguments));
}
