using Protocols.Anthropic;

namespace Protocols.Client.Tests;

/// <summary>Anthropic requests for the tests.</summary>
public static class Requests
{
    public static CreateMessageParams Hello(string text = "Hello") => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = 256,
        Messages = [InputMessages.User(text)],
    };

    public static AnthropicCompatibleClientOptions Options(FakeUpstream upstream, string? apiKey = "sk-test-0123456789abcdef") => new()
    {
        BaseUrl = upstream.BaseUrl,
        ApiKey = apiKey,
        Retry = { JitterFraction = 0 },
    };
}
