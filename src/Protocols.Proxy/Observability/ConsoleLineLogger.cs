using System.Text;
using System.Threading.Channels;

namespace Protocols.Proxy.Observability;

/// <summary>
/// The proxy's console log: one line per entry (<c>HH:mm:ss info: Category[EventId] message</c>, the
/// simple console format), formatted on the caller's thread and written to standard output by one
/// background writer that takes every line waiting and issues <em>one</em> write for them, flushing when
/// nothing more is queued. The stock console logger writes (and the reading end wakes up) once per line,
/// which under load is a system call per request; this one writes once per batch and is as prompt when
/// idle (a lone line goes out as soon as the writer sees it).
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

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Stream _output;
    private readonly Task _writer;
    private long _dropped;

    /// <summary>Creates the provider writing to standard output.</summary>
    public ConsoleLineLoggerProvider()
        : this(Console.OpenStandardOutput())
    {
    }

    /// <summary>Creates the provider writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where lines go (UTF-8).</param>
    public ConsoleLineLoggerProvider(Stream output)
    {
        _output = output;
        _writer = Task.Factory.StartNew(WriteLinesAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
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
                    text.Write($"{DateTime.Now:HH:mm:ss} warn: Protocols.Proxy[0] {dropped} log lines dropped: standard output was not keeping up\n");
                }

                text.Flush();
            }
        }
        catch (IOException)
        {
            // Standard output closed: nothing left to write to.
        }
    }

    private sealed class LineLogger(ConsoleLineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var sb = new StringBuilder(message.Length + category.Length + 32);
            sb.Append(DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture))
                .Append(Level(logLevel)).Append(": ").Append(category).Append('[').Append(eventId.Id).Append("] ");

            // One entry, one line: a message's own line breaks are escaped (as the simple console format's single-line mode does).
            AppendSingleLine(sb, message);
            if (exception is not null)
            {
                sb.Append(' ');
                AppendSingleLine(sb, exception.ToString());
            }

            sb.Append('\n');
            provider.Enqueue(sb.ToString());
        }

        private static void AppendSingleLine(StringBuilder sb, string text)
        {
            var start = sb.Length;
            sb.Append(text);
            sb.Replace("\r\n", " ", start, sb.Length - start).Replace('\n', ' ', start, sb.Length - start);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
