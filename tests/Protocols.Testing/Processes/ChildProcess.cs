using System.Diagnostics;
using System.Text;

namespace Protocols.Testing.Processes;

/// <summary>The outcome of a process run to its end (or killed at its deadline).</summary>
/// <param name="ExitCode">The exit code (-1 if it could not be read).</param>
/// <param name="Stdout">Its standard output.</param>
/// <param name="Stderr">Its standard error.</param>
/// <param name="Elapsed">How long it ran.</param>
/// <param name="TimedOut">Whether it was killed at the deadline.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>Everything, for the test output.</summary>
    /// <param name="max">Characters kept of each stream.</param>
    /// <returns>The description.</returns>
    public string Describe(int max = 20_000) =>
        $"exit={ExitCode} timed_out={TimedOut} elapsed={Elapsed.TotalSeconds:F1}s{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{Cap(Stdout, max)}{Environment.NewLine}--- stderr ---{Environment.NewLine}{Cap(Stderr, max)}";

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max] + $"… ({s.Length - max} more characters)";
}

/// <summary>Runs a child process with a deadline; the whole process tree is killed when the deadline passes.</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="info"/> (its output is captured, its standard input closed at once).</summary>
    /// <param name="info">What to run.</param>
    /// <param name="timeout">The deadline.</param>
    /// <returns>Exit code and output.</returns>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        var timedOut = false;
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
        }
        finally
        {
            Kill(process);
        }

        // Drains the redirected output (bounded: a grandchild holding the pipe open must not hang the test).
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        string Text(StringBuilder sb)
        {
            lock (sb)
            {
                return sb.ToString();
            }
        }

        return new ProcessResult(process.HasExited ? process.ExitCode : -1, Text(stdout), Text(stderr), watch.Elapsed, timedOut);
    }

    /// <summary>Kills the process and all its descendants if it is still running; never throws.</summary>
    /// <param name="process">The process.</param>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started, or already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill it.
        }
    }
}
