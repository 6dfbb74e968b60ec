namespace Protocols.Translation;

/// <summary>One item of an upstream OpenAI stream, as read by <see cref="OpenAIStreamReader"/>.</summary>
/// <param name="Chunk">A chunk, to pass to <see cref="StreamTranslator.Push"/>.</param>
/// <param name="Error">An error the upstream sent inside the stream, to pass to <see cref="StreamTranslator.Fail(Protocols.OpenAI.ErrorResponse, StreamOutput)"/>.</param>
/// <param name="Done">True for <c>[DONE]</c> (never forwarded, C68): call <see cref="StreamTranslator.Complete"/>.</param>
public readonly record struct UpstreamStreamItem(Protocols.OpenAI.CreateChatCompletionStreamResponse? Chunk, Protocols.OpenAI.ErrorResponse? Error, bool Done);
