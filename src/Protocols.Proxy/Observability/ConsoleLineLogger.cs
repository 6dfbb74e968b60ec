using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Protocols.Proxy.Observability;

/// <summary>
/// The proxy's console log: ASP.NET Core's simple console formatter (one line per entry), written to standard
/// output by one background writer that takes every line waiting and issues <em>one</em> write for them, flushing
/// when nothing more is queued. The stock console logger writes (and the reading end wakes up) once per line, which
/// under load is a system call per request; this one writes once per burst and is as prompt when idle (a lone line
/// goes out as soon as the writer sees it). Only the writing is ours; the format is the library's.
/// </summary>
/// <remarks>
/// The queue is bounded (<see cref="Capacity"/> lines): when standard output cannot keep up, lines are
/// dropped rather than making requests wait, and the number dropped is written as soon as there is room.
/// Disposing drains what is queued (for up to two seconds).
/// </remarks>
internal sealed class ConsoleLineLoggerProvider : ILoggerProvider
{
    /// <summary>How many lines may wait for the writer.</summary>
    public const int Capacity = 16_384;

    [ThreadStatic]
    private static StringWriter? t_line;

    // FullMode.Wait, yet nothing waits: TryWrite never blocks, and returns false when the queue is full, which is how
    // drops are counted (under the Drop* modes TryWrite reports success for the item it drops).
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ConsoleFormatter _formatter;
    private readonly Stream _output;
    private readonly Task _writer;
    private long _dropped;

    /// <summary>Creates the provider writing to standard output.</summary>
    /// <param name="formatter">The console formatter that renders each entry (the simple one).</param>
    public ConsoleLineLoggerProvider(ConsoleFormatter formatter)
        : this(formatter, Console.OpenStandardOutput())
    {
    }

    /// <summary>Creates the provider writing to <paramref name="output"/>.</summary>
    /// <param name="formatter">The console formatter that renders each entry.</param>
    /// <param name="output">Where lines go (UTF-8).</param>
    public ConsoleLineLoggerProvider(ConsoleFormatter formatter, Stream output)
    {
        _formatter = formatter;
        _output = output;
        _writer = Task.Factory.StartNew(WriteLinesAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Registers the provider with the simple console formatter (configured as the stock console logger would be).</summary>
    /// <param name="logging">The logging builder (its providers already cleared).</param>
    /// <param name="configure">The formatter's options.</param>
    public static void Add(ILoggingBuilder logging, Action<SimpleConsoleFormatterOptions> configure)
    {
        // AddSimpleConsole registers the formatters and their options; the console logger itself is replaced by this provider.
        logging.AddSimpleConsole(configure);
        logging.Services.RemoveAll<ILoggerProvider>();
        logging.Services.AddSingleton<ILoggerProvider>(services => new ConsoleLineLoggerProvider(
            services.GetServices<ConsoleFormatter>().First(f => f.Name == ConsoleFormatterNames.Simple)));
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(2));
    }

    private void Enqueue(string line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task WriteLinesAsync()
    {
        var reader = _lines.Reader;
        await using var text = new StreamWriter(_output, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var line))
                {
                    text.Write(line);
                }

                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                {
                    text.Write(Format(LogLevel.Warning, "Protocols.Proxy", default, $"{dropped} log lines dropped: standard output was not keeping up", null));
                }

                text.Flush();
            }
        }
        catch (IOException)
        {
            // Standard output closed: nothing left to write to.
        }
    }

    private string Format(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = t_line ??= new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var entry = new LogEntry<string>(level, category, eventId, message, exception, static (m, _) => m);
        _formatter.Write(in entry, null, line);
        var text = line.ToString();
        line.GetStringBuilder().Clear();
        return text;
    }

    private sealed class LineLogger(ConsoleLineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Enqueue(provider.Format(logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
