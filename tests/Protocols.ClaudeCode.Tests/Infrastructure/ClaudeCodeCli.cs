using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Protocols.Testing.Processes;

namespace Protocols.ClaudeCode.Tests.Infrastructure;

/// <summary>
/// Claude Code itself: installed once per test run by <c>scripts/install-claude-code.sh</c> (npm, into a cache
/// outside the repository), then run as <c>claude -p PROMPT --output-format json</c> against the proxy.
/// </summary>
public static class ClaudeCodeCli
{
    /// <summary>The longest a single <c>claude -p</c> run may take before it is killed.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(15);
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>The repository root (baked in at build time; falls back to searching upwards for Protocols.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var baked = typeof(ClaudeCodeCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
            if (baked is not null && File.Exists(Path.Combine(baked, "Protocols.sln")))
            {
                return baked;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Protocols.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("cannot find the repository root (Protocols.sln) from " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The path of the <c>claude</c> executable, installing it on first use (once per test run).</summary>
    public static Task<string> ExecutableAsync() => Installed.Value;

    /// <summary>The version the executable reports (e.g. "2.1.330 (Claude Code)").</summary>
    public static async Task<string> VersionAsync(string claude)
    {
        var info = new ProcessStartInfo(claude);
        info.ArgumentList.Add("--version");
        info.Environment["DISABLE_AUTOUPDATER"] = "1";
        var result = await ChildProcess.RunAsync(info, TimeSpan.FromSeconds(60));
        return result.Stdout.Trim();
    }

    /// <summary>
    /// Runs <c>claude -p PROMPT --output-format json ARGS</c> against <paramref name="baseUrl"/>, in
    /// <paramref name="workingDirectory"/> with a throw-away HOME, with nothing of the machine's own Anthropic or
    /// Claude Code configuration in its environment.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string claude, string baseUrl, string prompt, string workingDirectory, string home, params string[] args)
    {
        var info = new ProcessStartInfo(claude) { WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(prompt);
        info.ArgumentList.Add("--output-format");
        info.ArgumentList.Add("json");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("CLAUDE", StringComparison.OrdinalIgnoreCase) || k.StartsWith("XDG_", StringComparison.Ordinal)
            || k.Equals("HTTP_PROXY", StringComparison.OrdinalIgnoreCase) || k.Equals("HTTPS_PROXY", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = home;
        info.Environment["ANTHROPIC_BASE_URL"] = baseUrl;
        info.Environment["ANTHROPIC_API_KEY"] = "dummy";
        info.Environment["DISABLE_TELEMETRY"] = "1";
        info.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        info.Environment["DISABLE_AUTOUPDATER"] = "1";
        info.Environment["DISABLE_ERROR_REPORTING"] = "1";
        info.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        return await ChildProcess.RunAsync(info, RunTimeout);
    }

    /// <summary>Parses the JSON result object Claude Code prints (the last line of stdout that is a JSON object).</summary>
    public static JsonElement? ParseResult(string stdout)
    {
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }

    private static async Task<string> InstallAsync()
    {
        var script = Path.Combine(RepoRoot, "scripts", "install-claude-code.sh");
        var info = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot };
        info.ArgumentList.Add(script);
        var result = await ChildProcess.RunAsync(info, InstallTimeout);
        var path = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (result.ExitCode != 0 || result.TimedOut || path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"{script} failed:{Environment.NewLine}{result.Describe()}");
        }

        return path;
    }
}
