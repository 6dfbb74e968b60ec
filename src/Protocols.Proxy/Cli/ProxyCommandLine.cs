using System.CommandLine;
using Protocols.Proxy.Configuration;

namespace Protocols.Proxy.Cli;

/// <summary>
/// The command line (System.CommandLine): flags are the top configuration layer. <c>--help</c> and
/// <c>--version</c> come with the root command.
/// </summary>
internal static class ProxyCommandLine
{
    /// <summary>The <c>--config FILE</c> option: the <c>.env</c> file to read first.</summary>
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "A .env file to read (default search: ./.env, ~/.protocols-proxy.env, /etc/protocols-proxy/.env)",
        HelpName = "FILE",
    };

    /// <summary>The <c>--port</c> option (<c>PORT</c>).</summary>
    public static readonly Option<string?> Port = new("--port", "-p") { Description = "Port to listen on (PORT, default 3000; 0 picks a free port)", HelpName = "PORT" };

    /// <summary>The <c>--host</c> option (<c>HOST</c>).</summary>
    public static readonly Option<string?> Host = new("--host") { Description = "Address to bind (HOST, default 127.0.0.1)", HelpName = "ADDRESS" };

    /// <summary>The <c>--upstream</c> option (<c>UPSTREAM_BASE_URL</c>).</summary>
    public static readonly Option<string?> Upstream = new("--upstream", "-u")
    {
        Description = "OpenAI-compatible base URL (UPSTREAM_BASE_URL): https://host, https://host/v1 or …/chat/completions; none = built-in demo",
        HelpName = "URL",
    };

    /// <summary>The <c>--debug</c> flag (<c>DEBUG</c>).</summary>
    public static readonly Option<bool> Debug = new("--debug") { Description = "Log every request's details (DEBUG)" };

    /// <summary>The <c>--verbose</c> flag (<c>VERBOSE</c>).</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Also log request and response bodies, redacted (VERBOSE)" };

    /// <summary>The <c>--allow-unauthenticated</c> flag (<c>ALLOW_UNAUTHENTICATED</c>).</summary>
    public static readonly Option<bool> AllowUnauthenticated = new("--allow-unauthenticated")
    {
        Description = "Allow a non-loopback --host without PROXY_API_KEYS (ALLOW_UNAUTHENTICATED)",
    };

    /// <summary>Creates the root command (no action attached).</summary>
    /// <returns>The command.</returns>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Protocols proxy: serves the Anthropic Messages API (Claude Code, Anthropic SDKs) on top of any OpenAI-compatible backend. " +
            "Settings, in increasing precedence: appsettings.json, a .env file, environment variables, these flags.")
        {
            Config, Port, Host, Upstream, Debug, Verbose, AllowUnauthenticated,
        };
        return root;
    }

    /// <summary>The flag values as configuration keys (only the flags that were given).</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The overrides.</returns>
    public static Dictionary<string, string?> Overrides(ParseResult result)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (result.GetValue(Port) is { } port)
        {
            values[SettingKeys.Port] = port;
        }

        if (result.GetValue(Host) is { } host)
        {
            values[SettingKeys.Host] = host;
        }

        if (result.GetValue(Upstream) is { } upstream)
        {
            values[SettingKeys.UpstreamBaseUrl] = upstream;
        }

        if (result.GetValue(Debug))
        {
            values[SettingKeys.Debug] = "true";
        }

        if (result.GetValue(Verbose))
        {
            values[SettingKeys.Verbose] = "true";
        }

        if (result.GetValue(AllowUnauthenticated))
        {
            values[SettingKeys.AllowUnauthenticated] = "true";
        }

        return values;
    }

    /// <summary>Parses arguments for an in-process start, where parse errors are configuration errors.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The parse result.</returns>
    /// <exception cref="ProxyConfigurationException">The arguments do not parse.</exception>
    public static ParseResult ParseOrThrow(string[] args)
    {
        var result = Create().Parse(args);
        return result.Errors.Count > 0
            ? throw new ProxyConfigurationException($"{result.Errors[0].Message} (see --help)")
            : result;
    }
}
