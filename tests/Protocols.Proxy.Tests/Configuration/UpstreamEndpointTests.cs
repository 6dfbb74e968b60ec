using Protocols.Proxy.Configuration;
using Xunit;

namespace Protocols.Proxy.Tests.Configuration;

public sealed class UpstreamEndpointTests
{
    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api/v1/models")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions", "https://generativelanguage.googleapis.com/v1beta/openai/models")]
    [InlineData("http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:11434/v1/models")]
    public void AcceptedSpellings_Normalize(string value, string chat, string models)
    {
        var e = UpstreamEndpoint.ForOpenAI(value, "test");
        Assert.Equal(chat, e.ChatCompletions.ToString());
        Assert.Equal(models, e.Models.ToString());
    }

    [Fact]
    public void Loopback_IsRecognized()
    {
        Assert.True(UpstreamEndpoint.ForOpenAI("http://127.0.0.1:8000", "t").IsLoopback);
        Assert.True(UpstreamEndpoint.ForOpenAI("http://localhost:8000", "t").IsLoopback);
        Assert.False(UpstreamEndpoint.ForOpenAI("https://api.openai.com", "t").IsLoopback);
    }

    [Fact]
    public void AnthropicPassthrough_AcceptsHostOrV1()
    {
        Assert.Equal("https://api.anthropic.com/v1/messages", UpstreamEndpoint.ForAnthropic("https://api.anthropic.com/v1", "t").ChatCompletions.ToString());
        Assert.Equal("https://api.anthropic.com/v1/messages", UpstreamEndpoint.ForAnthropic("https://api.anthropic.com", "t").ChatCompletions.ToString());
    }
}
