using System.Globalization;

namespace Protocols.Proxy.Configuration;

/// <summary>
/// Merges the configuration layers in increasing precedence — <c>appsettings.json</c> → the <c>.env</c>
/// file → environment variables → command-line flags — into one key/value set, remembering where each
/// value came from (error messages name it). Every layer accepts the same names; flat translation names
/// (<c>REASONING_MODEL</c>, <c>MODEL_MAP</c> …) are rewritten into the <c>Translation</c> section, and a
/// list set by a higher layer replaces the lower layer's list instead of merging item by item.
/// </summary>
internal sealed class SettingsLayers
{
    private static readonly string[] ListPrefixes =
    [
        "Translation:ModelMap",
        "Translation:Profile:ReasoningModels",
        "Translation:Profile:MaxCompletionTokensModels",
        "Translation:Profile:DefaultSamplingOnlyModels",
        "Translation:Profile:DeveloperRoleModels",
    ];

    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _sources = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The merged values.</summary>
    public IReadOnlyDictionary<string, string?> Values => _values;

    /// <summary>Where a key's value came from (e.g. <c>environment</c>, <c>/home/u/.protocols-proxy.env</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The layer's name, or <c>default</c>.</returns>
    public string SourceOf(string key) => _sources.TryGetValue(key, out var s) ? s : "default";

    /// <summary>Adds a layer above the ones already added.</summary>
    /// <param name="source">The layer's name for messages.</param>
    /// <param name="values">Its keys (environment style or <c>Section:Key</c>) and values.</param>
    /// <exception cref="ProxyConfigurationException">A flat translation value cannot be converted.</exception>
    public void Add(string source, IEnumerable<KeyValuePair<string, string?>> values)
    {
        var normalized = new List<KeyValuePair<string, string?>>();
        foreach (var (rawKey, value) in values)
        {
            if (string.IsNullOrEmpty(rawKey))
            {
                continue;
            }

            Normalize(source, rawKey.Replace("__", ":", StringComparison.Ordinal), value, normalized);
        }

        // A list given here replaces the whole list below.
        foreach (var prefix in ListPrefixes)
        {
            if (normalized.Exists(kv => IsUnder(kv.Key, prefix)))
            {
                foreach (var key in _values.Keys.Where(k => IsUnder(k, prefix)).ToList())
                {
                    _values.Remove(key);
                    _sources.Remove(key);
                }
            }
        }

        foreach (var (key, value) in normalized)
        {
            _values[key] = value;
            _sources[key] = source;
        }
    }

    /// <summary>Builds the configuration the application reads.</summary>
    /// <returns>The configuration source data.</returns>
    public IEnumerable<KeyValuePair<string, string?>> ToConfigurationData() => _values;

    /// <summary>Reads <c>appsettings.json</c> as flat keys.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The keys and values; empty when the file does not exist.</returns>
    /// <exception cref="ProxyConfigurationException">The file is not valid JSON.</exception>
    public static IEnumerable<KeyValuePair<string, string?>> ReadJsonFile(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false).Build()
                .AsEnumerable()
                .Where(kv => kv.Value is not null)
                .ToList();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ProxyConfigurationException($"{path}: not valid JSON ({FirstLine(e.Message)})", e);
        }
    }

    private static void Normalize(string source, string key, string? value, List<KeyValuePair<string, string?>> into)
    {
        if (string.Equals(key, SettingKeys.ModelMap, StringComparison.OrdinalIgnoreCase))
        {
            // MODEL_MAP=claude-3-5-haiku*=gpt-4o-mini,claude-*=gpt-4o (first match wins).
            var i = 0;
            foreach (var rule in Split(value))
            {
                var eq = rule.IndexOf('=');
                if (eq <= 0 || eq == rule.Length - 1)
                {
                    throw new ProxyConfigurationException(
                        $"MODEL_MAP (from {source}): '{rule}' is not PATTERN=MODEL; write for example MODEL_MAP=claude-3-5-haiku*=gpt-4o-mini,claude-*=gpt-4o");
                }

                into.Add(new($"Translation:ModelMap:{i}:Match", rule[..eq].Trim()));
                into.Add(new($"Translation:ModelMap:{i}:Target", rule[(eq + 1)..].Trim()));
                i++;
            }

            return;
        }

        if (!SettingKeys.TranslationAliases.TryGetValue(key, out var target))
        {
            into.Add(new(key, value));
            return;
        }

        if (ListPrefixes.Contains(target, StringComparer.OrdinalIgnoreCase))
        {
            var i = 0;
            foreach (var item in Split(value))
            {
                into.Add(new($"{target}:{i++}", item));
            }

            return;
        }

        if (target == "Translation:PingInterval" && value is not null)
        {
            var seconds = SettingParsers.Duration(key, value, source);
            value = seconds.ToString("c", CultureInfo.InvariantCulture);
        }

        into.Add(new(target, value));
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsUnder(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (key.Length == prefix.Length || key[prefix.Length] == ':');

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n');
        return nl > 0 ? message[..nl].Trim() : message;
    }
}
