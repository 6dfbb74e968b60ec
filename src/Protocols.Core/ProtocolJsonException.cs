using System.Text;
using System.Text.Json;

namespace Protocols.Core;

/// <summary>
/// A JSON payload that does not match its schema. <see cref="JsonPath"/> names where, e.g.
/// <c>$.messages[2].content[0].type</c>; the message starts with that path.
/// </summary>
public sealed class ProtocolJsonException : JsonException
{
    // Segments are prepended while the exception unwinds through the generated readers, so the
    // happy path pays nothing for path tracking.
    private readonly List<string> _reversedSegments = [];
    private readonly string _reason;

    /// <summary>Creates an error at the current position.</summary>
    /// <param name="reason">What is wrong, e.g. "missing required member 'model'".</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ProtocolJsonException(string reason, Exception? inner = null)
        : base(reason, inner)
    {
        _reason = reason;
    }

    /// <summary>What is wrong, without the path.</summary>
    public string Reason => _reason;

    /// <summary>The JSON path of the offending value, starting with <c>$</c>.</summary>
    public string JsonPath
    {
        get
        {
            var sb = new StringBuilder("$");
            for (int i = _reversedSegments.Count - 1; i >= 0; i--)
            {
                sb.Append(_reversedSegments[i]);
            }

            return sb.ToString();
        }
    }

    /// <summary>The JSON path without the leading <c>$.</c>, e.g. <c>messages[2].content</c>; empty for the root.</summary>
    public string MemberPath
    {
        get
        {
            var path = JsonPath;
            return path.Length <= 2 ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
        }
    }

    /// <inheritdoc/>
    public override string Message => $"{JsonPath}: {_reason}";

    /// <summary>Wraps any JSON failure below <paramref name="member"/> so its path includes the member.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="member">The JSON member name.</param>
    /// <returns>The exception to throw.</returns>
    public static ProtocolJsonException InMember(Exception error, string member)
    {
        var e = Wrap(error);
        e._reversedSegments.Add(IsPlainName(member) ? "." + member : "['" + member.Replace("'", "\\'", StringComparison.Ordinal) + "']");
        return e;
    }

    /// <summary>Wraps any JSON failure below array element <paramref name="index"/>.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="index">The element index.</param>
    /// <returns>The exception to throw.</returns>
    public static ProtocolJsonException InElement(Exception error, int index)
    {
        var e = Wrap(error);
        e._reversedSegments.Add("[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
        return e;
    }

    private static ProtocolJsonException Wrap(Exception error) => error switch
    {
        ProtocolJsonException p => p,
        InvalidOperationException or FormatException or JsonException => new ProtocolJsonException(Describe(error), error),
        _ => new ProtocolJsonException(error.Message, error),
    };

    private static string Describe(Exception error)
    {
        // Utf8JsonReader's messages carry positions relative to a buffer the caller never sees; keep
        // the first sentence, which says what was expected.
        var message = error.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static bool IsPlainName(string member)
    {
        if (member.Length == 0)
        {
            return false;
        }

        foreach (char c in member)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
