using System.Globalization;

namespace Protocols.LoadBench;

/// <summary>
/// A server's allocation and GC counters, printed every 50 ms by the servers this program hosts (the forwarder, and
/// the proxy when hosted in-process for the allocation probe) and read by the runner at the edges of a window.
/// </summary>
/// <param name="AllocatedBytes">GC.GetTotalAllocatedBytes: every byte allocated in the process so far.</param>
/// <param name="Gen0">Gen 0 collections so far.</param>
/// <param name="Gen1">Gen 1 collections so far.</param>
/// <param name="Gen2">Gen 2 collections so far.</param>
public sealed record GcStats(long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public const string Prefix = "gcstats ";

    /// <summary>Prints the counters on stdout every 50 ms, for the life of the process.</summary>
    public static void StartPrinting() => _ = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await timer.WaitForNextTickAsync())
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Prefix}{GC.GetTotalAllocatedBytes(false)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}"));
        }
    });

    public static GcStats? TryParse(string line)
    {
        var parts = line[Prefix.Length..].Split(' ');
        return parts.Length == 4
            && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var bytes)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var g0)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var g1)
            && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var g2)
            ? new GcStats(bytes, g0, g1, g2)
            : null;
    }
}
