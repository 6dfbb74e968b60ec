using System.Text;
using Protocols.Core;
using A = Protocols.Anthropic;
using O = Protocols.OpenAI;

namespace Protocols.Dtos.Tests;

/// <summary>Reads and writes a payload with the generated type its schema name maps to.</summary>
internal static class Codec
{
    public static IJsonWritable Read(string vendor, string schema, byte[] json) => (vendor, schema) switch
    {
        ("anthropic", "Message") => JsonModel.Parse<A.Message>(json),
        ("anthropic", "MessageStreamEvent") => JsonModel.Parse(json, A.IMessageStreamEvent.ReadFrom),
        ("anthropic", "CreateMessageParams") => JsonModel.Parse<A.CreateMessageParams>(json),
        ("anthropic", "ErrorResponse") => JsonModel.Parse<A.ErrorResponse>(json),
        ("anthropic", "CountMessageTokensParams") => JsonModel.Parse<A.CountMessageTokensParams>(json),
        ("anthropic", "CountMessageTokensResponse") => JsonModel.Parse<A.CountMessageTokensResponse>(json),
        ("anthropic", "ListResponse_ModelInfo_") => JsonModel.Parse<A.ListResponseModelInfo>(json),
        ("anthropic", "ModelInfo") => JsonModel.Parse<A.ModelInfo>(json),
        ("openai", "CreateChatCompletionRequest") => JsonModel.Parse<O.CreateChatCompletionRequest>(json),
        ("openai", "CreateChatCompletionResponse") => JsonModel.Parse<O.CreateChatCompletionResponse>(json),
        ("openai", "CreateChatCompletionStreamResponse") => JsonModel.Parse<O.CreateChatCompletionStreamResponse>(json),
        ("openai", "ErrorResponse") => JsonModel.Parse<O.ErrorResponse>(json),
        ("openai", "ListModelsResponse") => JsonModel.Parse<O.ListModelsResponse>(json),
        ("openai", "Model") => JsonModel.Parse<O.Model>(json),
        _ => throw new ArgumentException($"no generated type for {vendor}/{schema}"),
    };

    public static string Write(IJsonWritable value) => Encoding.UTF8.GetString(JsonModel.ToUtf8(value));
}
