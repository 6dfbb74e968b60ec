
namespace Protocols.Proxy;

/// <summary>
/// Where the proxy looks for its configuration and what it reads from the process: the defaults are the
/// real process's; tests replace them so that many proxies can run side by side in one process.
/// </summary>
public sealed class ProxyHostOptions
{
    /// <summary>The environment variables.</summary>
    /// <value>The process's environment.</value>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = ReadProcessEnvironment();

    /// <summary>The folder holding <c>appsettings.json</c>.</summary>
    /// <value>The application's base directory.</value>
    public string ContentRoot { get; set; } = AppContext.BaseDirectory;

    /// <summary>The folder searched for <c>./.env</c> and against which <c>--config</c> is resolved.</summary>
    /// <value>The current directory.</value>
    public string WorkingDirectory { get; set; } = System.Environment.CurrentDirectory;

    /// <summary>The home folder searched for <c>~/.protocols-proxy.env</c>; null to skip.</summary>
    /// <value>The user's profile folder.</value>
    public string? HomeDirectory { get; set; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>The folder searched for the system-wide <c>.env</c>; null to skip.</summary>
    /// <value><c>/etc/protocols-proxy</c>.</value>
    public string? SystemConfigDirectory { get; set; } = "/etc/protocols-proxy";

    /// <summary>Replaces the handler that talks to the upstream (tests; the demo upstream uses its own).</summary>
    /// <value>Null: a shared <see cref="System.Net.Http.SocketsHttpHandler"/> built from the settings.</value>
    public HttpMessageHandler? UpstreamHandler { get; set; }

    /// <summary>Last-minute changes to the builder (logging providers in tests, for example).</summary>
    /// <value>Null.</value>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; set; }

    private static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }
}
