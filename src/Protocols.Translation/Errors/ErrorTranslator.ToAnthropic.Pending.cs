// PENDING: placeholders so the project compiles while the hand-written mapping is built.
// Each method moves to the concern file that implements it; this file must be empty (deleted) when done.
namespace Protocols.Translation;

/// <summary>Error bodies and statuses between the two protocols (C73, C75).</summary>
public static partial class ErrorTranslator
{
    public static partial global::Protocols.Anthropic.ErrorResponse ToAnthropic(global::Protocols.OpenAI.ErrorResponse source, global::Protocols.Translation.ErrorContext context) => throw new NotImplementedException();

}
