using System.Globalization;

namespace Protocols.LoadBench;

/// <summary>CPU and memory of a process, and the machine's CPU, read from /proc (no dotnet-counters here).</summary>
public static class ProcStats
{
    /// <summary>Clock ticks per second of /proc/*/stat (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100.0;

    /// <summary>User + system CPU time the process has used, in seconds (fields 14 and 15 of /proc/PID/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>A line of /proc/PID/status in MB (VmRSS: resident now; VmHWM: peak resident since start).</summary>
    public static double StatusMegabytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    /// <summary>The machine's busy and total CPU time (all cores), in ticks, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var total = parts.Take(8).Sum();
        var idle = parts[3] + parts[4];
        return (total - idle, total);
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}

/// <summary>Samples a process's resident memory every 25 ms and keeps the peak since the last reset.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peak;

    public RssSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The highest VmRSS seen since the last <see cref="Reset"/>, in MB.</summary>
    public double Peak => Volatile.Read(ref _peak);

    public void Reset() => Volatile.Write(ref _peak, ProcStats.StatusMegabytes(_pid, "VmRSS"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var now = ProcStats.StatusMegabytes(_pid, "VmRSS");
            if (now > Volatile.Read(ref _peak))
            {
                Volatile.Write(ref _peak, now);
            }
        }
    }
}
