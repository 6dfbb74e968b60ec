namespace Protocols.Proxy.Configuration;

/// <summary>
/// Finds and reads the <c>.env</c> file. Search order: <c>--config FILE</c>, <c>./.env</c>,
/// <c>~/.protocols-proxy.env</c>, <c>/etc/protocols-proxy/.env</c>; the first that exists is used.
/// The format is the usual one: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export</c>,
/// single- or double-quoted values (double quotes understand <c>\n</c>, <c>\"</c> and <c>\\</c>).
/// </summary>
internal static class DotEnvFile
{
    /// <summary>The candidate paths, in search order.</summary>
    /// <param name="explicitPath">The <c>--config</c> file, if given.</param>
    /// <param name="host">Where to look.</param>
    /// <returns>The paths.</returns>
    public static IEnumerable<string> Candidates(string? explicitPath, ProxyHostOptions host)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            yield return Path.GetFullPath(explicitPath, host.WorkingDirectory);
        }

        yield return Path.Combine(host.WorkingDirectory, ".env");
        if (!string.IsNullOrEmpty(host.HomeDirectory))
        {
            yield return Path.Combine(host.HomeDirectory, ".protocols-proxy.env");
        }

        if (!string.IsNullOrEmpty(host.SystemConfigDirectory))
        {
            yield return Path.Combine(host.SystemConfigDirectory, ".env");
        }
    }

    /// <summary>Finds the file to read.</summary>
    /// <param name="explicitPath">The <c>--config</c> file, if given: it must exist.</param>
    /// <param name="host">Where to look.</param>
    /// <returns>The path, or null when there is none.</returns>
    /// <exception cref="ProxyConfigurationException">The <c>--config</c> file does not exist.</exception>
    public static string? Find(string? explicitPath, ProxyHostOptions host)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath, host.WorkingDirectory);
            return File.Exists(full)
                ? full
                : throw new ProxyConfigurationException($"--config {explicitPath}: no such file (give the path of a .env file with KEY=VALUE lines)");
        }

        foreach (var candidate in Candidates(null, host))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Parses the contents of a <c>.env</c> file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="path">The file name, for error messages.</param>
    /// <returns>The variables, in file order (a later line wins).</returns>
    /// <exception cref="ProxyConfigurationException">A line is not <c>KEY=VALUE</c>.</exception>
    public static Dictionary<string, string> Parse(string text, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                throw new ProxyConfigurationException($"{path}:{lineNumber}: expected KEY=VALUE, got '{Truncate(line)}'");
            }

            var key = line[..eq].Trim();
            result[key] = ParseValue(line[(eq + 1)..].Trim());
        }

        return result;
    }

    private static string ParseValue(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value.IndexOf('\'', 1) is var endSingle and > 0)
        {
            return value[1..endSingle];
        }

        if (value.Length >= 2 && value[0] == '"')
        {
            var sb = new System.Text.StringBuilder(value.Length);
            for (var i = 1; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && i + 1 < value.Length)
                {
                    var next = value[++i];
                    sb.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => next });
                    continue;
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        // An unquoted value ends at " #" (an inline comment).
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }

    private static string Truncate(string line) => line.Length <= 40 ? line : line[..40] + "…";
}
