// PENDING: placeholders so the project compiles while the hand-written mapping is built.
// Each method moves to the concern file that implements it; this file must be empty (deleted) when done.
namespace Protocols.Translation;

public static partial class ErrorTranslator
{
    public static partial global::Protocols.OpenAI.ErrorResponse ToOpenAI(global::Protocols.Anthropic.ErrorResponse source, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.InvalidRequestError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.AuthenticationError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.BillingError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.PermissionError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.NotFoundError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.RateLimitError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.GatewayTimeoutError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.APIError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.OverloadedError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

    private static partial string HandleAnthropicError(global::Protocols.Anthropic.UnknownErrorResponseError value, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

}
