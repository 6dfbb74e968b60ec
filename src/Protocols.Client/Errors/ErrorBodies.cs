using Protocols.Anthropic;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>Reads the type and message of an Anthropic error body.</summary>
internal static class ErrorBodies
{
    public static string TypeOf(ErrorResponse? body) => ErrorTranslator.Describe(body?.Error).Type;

    public static string MessageOf(ErrorResponse? body) => ErrorTranslator.Describe(body?.Error).Message;

    public static string Describe(int status, ErrorResponse? body)
    {
        var (type, message) = ErrorTranslator.Describe(body?.Error);
        var text = $"{status} {type}";
        if (message.Length > 0)
        {
            text += ": " + message;
        }

        return body?.RequestId is { Length: > 0 } id ? $"{text} (request {id})" : text;
    }
}
