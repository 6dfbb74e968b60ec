using System.Text;

namespace Protocols.Translation;

/// <summary>One thing a translation dropped or altered: a machine-readable code and a human message.</summary>
/// <param name="Code">A stable code such as <c>top_k_dropped</c> (see <see cref="ConversionCodes"/>).</param>
/// <param name="Message">What happened, for people.</param>
public sealed record ConversionNote(string Code, string Message);

/// <summary>
/// What a translation dropped or altered. Every lossy step adds a note; the proxy surfaces the codes in
/// the <c>x-protocols-conversion</c> response header. Thread-safe for adds from one request's pipeline.
/// </summary>
public sealed class ConversionReport
{
    /// <summary>The response header that carries <see cref="ToHeaderValue"/>.</summary>
    public const string HeaderName = "x-protocols-conversion";

    private readonly List<ConversionNote> _notes = [];
    private readonly Lock _lock = new();

    /// <summary>When set, every note added is copied here as well, even one already recorded (the tools cache fills from it).</summary>
    internal List<ConversionNote>? Recording { get; set; }

    /// <summary>The notes, in the order they were added.</summary>
    public IReadOnlyList<ConversionNote> Notes
    {
        get
        {
            lock (_lock)
            {
                return _notes.ToArray();
            }
        }
    }

    /// <summary>Whether anything was dropped or altered.</summary>
    public bool IsLossy
    {
        get
        {
            lock (_lock)
            {
                return _notes.Count > 0;
            }
        }
    }

    /// <summary>Records a lossy step. The same code with the same message is recorded once.</summary>
    /// <param name="code">A stable code (see <see cref="ConversionCodes"/>).</param>
    /// <param name="message">What happened.</param>
    public void Add(string code, string message)
    {
        lock (_lock)
        {
            Recording?.Add(new ConversionNote(code, message));
            foreach (var n in _notes)
            {
                if (n.Code == code && n.Message == message)
                {
                    return;
                }
            }

            _notes.Add(new ConversionNote(code, message));
        }
    }

    /// <summary>Whether a note with <paramref name="code"/> was recorded.</summary>
    /// <param name="code">The code.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string code)
    {
        lock (_lock)
        {
            return _notes.Exists(n => n.Code == code);
        }
    }

    /// <summary>The distinct codes, comma-separated (the header value); empty when nothing was lost.</summary>
    /// <returns>The header value.</returns>
    public string ToHeaderValue()
    {
        lock (_lock)
        {
            var sb = new StringBuilder();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in _notes)
            {
                if (seen.Add(n.Code))
                {
                    if (sb.Length > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(n.Code);
                }
            }

            return sb.ToString();
        }
    }
}
