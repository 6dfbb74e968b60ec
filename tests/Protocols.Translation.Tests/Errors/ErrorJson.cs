using Protocols.Anthropic;

namespace Protocols.Translation.Tests.Errors;

/// <summary>Reads the type and message of an Anthropic error body, whatever its variant.</summary>
internal static class ErrorJson
{
    public static string Type(ErrorResponse body) => ErrorTranslator.Describe(body.Error).Type;

    public static string Message(ErrorResponse body) => ErrorTranslator.Describe(body.Error).Message;
}
