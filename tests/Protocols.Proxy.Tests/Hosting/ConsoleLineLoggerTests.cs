using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Protocols.Proxy.Observability;
using Xunit;

namespace Protocols.Proxy.Tests.Hosting;

/// <summary>The console log writer: the simple console formatter's line format, one entry per line, every line written in order.</summary>
public sealed class ConsoleLineLoggerTests
{
    [Fact]
    public void Lines_AreWrittenInOrder_OnePerEntry_InTheSimpleConsoleFormat()
    {
        var output = new MemoryStream();
        using (var provider = new ConsoleLineLoggerProvider(SimpleFormatter(), new KeepOpenStream(output)))
        {
            var logger = provider.CreateLogger("Protocols.Proxy.Test");
            for (int i = 0; i < 5000; i++)
            {
                logger.Log(LogLevel.Information, new EventId(10), "line " + i, null, static (s, _) => s);
            }

            logger.Log(LogLevel.Warning, new EventId(20), "two\nlines", new InvalidOperationException("boom\nsecond line"), static (s, _) => s);
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5001, lines.Length);
        for (int i = 0; i < 5000; i++)
        {
            Assert.Matches($@"^\d\d:\d\d:\d\d info: Protocols\.Proxy\.Test\[10\] line {i}$", lines[i]);
        }

        Assert.Matches(@"^\d\d:\d\d:\d\d warn: Protocols\.Proxy\.Test\[20\] two lines System\.InvalidOperationException: boom second line$", lines[^1]);
    }

    [Fact]
    public async Task ALoneLine_GoesOutAtOnce()
    {
        var output = new MemoryStream();
        using var provider = new ConsoleLineLoggerProvider(SimpleFormatter(), new KeepOpenStream(output));
        provider.CreateLogger("C").Log(LogLevel.Information, default, "hello", null, static (s, _) => s);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (KeepOpenStream.WrittenLength(output) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.EndsWith("info: C[0] hello\n", KeepOpenStream.Text(output), StringComparison.Ordinal);
    }

    [Fact]
    public void WhenOutputCannotKeepUp_LinesAreDropped_NotWaitedFor_AndTheCountIsReported()
    {
        var output = new MemoryStream();
        using var gate = new ManualResetEventSlim(false);
        const int logged = ConsoleLineLoggerProvider.Capacity * 2;
        var provider = new ConsoleLineLoggerProvider(SimpleFormatter(), new KeepOpenStream(output) { Gate = gate });
        try
        {
            var logger = provider.CreateLogger("C");
            logger.Log(LogLevel.Information, default, "first", null, static (s, _) => s);

            // The writer is stuck in its first write; requests go on logging without waiting for it.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < logged; i++)
            {
                logger.Log(LogLevel.Information, default, "line " + i, null, static (s, _) => s);
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"logging waited for the writer: {watch.Elapsed}");
        }
        finally
        {
            gate.Set();
            provider.Dispose();
        }

        var lines = KeepOpenStream.Text(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var written = lines.Where(l => l.Contains(" info: C[0] ", StringComparison.Ordinal)).ToList();
        var report = Assert.Single(lines, l => l.Contains("log lines dropped", StringComparison.Ordinal));
        Assert.Matches(@"^\d\d:\d\d:\d\d warn: Protocols\.Proxy\[0\] \d+ log lines dropped: standard output was not keeping up$", report);

        // Every line is either written (in order, from the first) or counted as dropped.
        var dropped = long.Parse(report.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(dropped > 0);
        Assert.Equal(logged + 1, written.Count + dropped);
        Assert.EndsWith(" first", written[0], StringComparison.Ordinal);
        var numbers = written.Skip(1).Select(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);

        // The queue held its capacity (besides what the writer had taken before its write stuck).
        Assert.True(numbers.Count >= ConsoleLineLoggerProvider.Capacity - 1, $"{numbers.Count} lines kept");
    }

    /// <summary>The formatter the proxy configures (<see cref="ProxyApp"/>), without colours.</summary>
    private static ConsoleFormatter SimpleFormatter()
    {
        var services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        })).BuildServiceProvider();
        return services.GetServices<ConsoleFormatter>().First(f => f.Name == ConsoleFormatterNames.Simple);
    }

    /// <summary>A stream the writer may dispose without losing what was written; reads are synchronized with its writes.</summary>
    private sealed class KeepOpenStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public static long WrittenLength(MemoryStream stream)
        {
            lock (stream)
            {
                return stream.Length;
            }
        }

        public static string Text(MemoryStream stream)
        {
            lock (stream)
            {
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        /// <summary>When set, writes wait for it (standard output that does not keep up).</summary>
        public ManualResetEventSlim? Gate { get; init; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Gate?.Wait(TimeSpan.FromSeconds(30));
            lock (inner)
            {
                inner.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
