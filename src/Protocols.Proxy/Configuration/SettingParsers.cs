using System.Globalization;

namespace Protocols.Proxy.Configuration;

/// <summary>Parses setting values; each failure is one line naming the setting, its source and what to write.</summary>
internal static class SettingParsers
{
    /// <summary>A boolean: <c>true/false</c>, <c>1/0</c>, <c>yes/no</c>, <c>on/off</c>.</summary>
    public static bool Bool(string name, string value, string source) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" or "" => false,
        _ => throw Invalid(name, value, source, "true or false"),
    };

    /// <summary>An integer in a range.</summary>
    public static int Int(string name, string value, string source, int min, int max) =>
        int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid(name, value, source, $"an integer from {min} to {max}");

    /// <summary>A duration: seconds (<c>30</c>, <c>2.5</c>), with a unit (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>), or <c>hh:mm:ss</c>.</summary>
    public static TimeSpan Duration(string name, string value, string source)
    {
        var v = value.Trim();
        if (v.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var ts) && ts >= TimeSpan.Zero)
        {
            return ts;
        }

        var (number, unit) = SplitUnit(v);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0)
        {
            TimeSpan? result = unit switch
            {
                "" or "s" => TimeSpan.FromSeconds(d),
                "ms" => TimeSpan.FromMilliseconds(d),
                "m" or "min" => TimeSpan.FromMinutes(d),
                "h" => TimeSpan.FromHours(d),
                _ => null,
            };
            if (result is { } r)
            {
                return r;
            }
        }

        throw Invalid(name, value, source, "a duration such as 30 (seconds), 500ms, 30s, 5m or 00:00:30");
    }

    /// <summary>A size in bytes: <c>33554432</c>, <c>32MB</c>, <c>512KB</c>, <c>1GB</c>; at most <paramref name="max"/>.</summary>
    public static long Size(string name, string value, string source, long max)
    {
        var (number, unit) = SplitUnit(value.Trim());
        long multiplier = unit.ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1024,
            "m" or "mb" or "mib" => 1024 * 1024,
            "g" or "gb" or "gib" => 1024L * 1024 * 1024,
            _ => 0,
        };
        // n <= max / multiplier: no overflow, and nothing larger than the setting can hold (a 99999999999GB body limit
        // used to overflow into a negative one).
        return multiplier > 0 && long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= max / multiplier
            ? n * multiplier
            : throw Invalid(name, value, source, $"a size such as 33554432, 512KB or 32MB, at most {Describe(max)}");
    }

    /// <summary>The error for a refused value.</summary>
    public static ProxyConfigurationException Invalid(string name, string value, string source, string expected) =>
        new($"{name}={Quote(value)} (from {source}) is not valid: write {expected}");

    private static (string Number, string Unit) SplitUnit(string v)
    {
        var i = v.Length;
        while (i > 0 && char.IsLetter(v[i - 1]))
        {
            i--;
        }

        return (v[..i].Trim(), v[i..]);
    }

    private static string Describe(long bytes) =>
        bytes % (1024L * 1024 * 1024) == 0 ? $"{bytes / (1024L * 1024 * 1024)}GB"
        : bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)}MB"
        : bytes.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Length <= 60 ? $"'{value}'" : $"'{value[..60]}…'";
}
