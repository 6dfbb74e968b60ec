namespace Protocols.Client.Tests;

public class EndpointTests
{
    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api/v1/models")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/v1", "https://generativelanguage.googleapis.com/v1beta/openai/v1/chat/completions", "https://generativelanguage.googleapis.com/v1beta/openai/v1/models")]
    [InlineData("http://localhost:11434/v1/chat/completions", "http://localhost:11434/v1/chat/completions", "http://localhost:11434/v1/models")]
    [InlineData(
        "https://x.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
        "https://x.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
        "https://x.openai.azure.com/openai/deployments/gpt4o/models?api-version=2024-10-21")]
    public void Accepted_spellings_normalize(string input, string chat, string models)
    {
        var endpoint = UpstreamEndpoint.Normalize(input);
        Assert.Equal(chat, endpoint.ChatCompletions.AbsoluteUri);
        Assert.Equal(models, endpoint.Models.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.example.com/openai", "https://api.example.com/openai/chat/completions")]
    [InlineData("https://api.example.com/v1/messages", "https://api.example.com/v1/messages/chat/completions")]
    [InlineData("ftp://api.example.com", "https://host")]
    [InlineData("api.example.com/v1", "https://host")]
    [InlineData("https://api.example.com/v1?key=abc", "/chat/completions?")]
    public void Other_urls_are_refused_with_what_to_write(string input, string hint)
    {
        var e = Assert.Throws<ArgumentException>(() => UpstreamEndpoint.Normalize(input));
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.False(UpstreamEndpoint.TryNormalize(input, out _, out var error));
        Assert.Contains(hint, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_in_the_url_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => UpstreamEndpoint.Normalize("https://user:sk-secret@api.example.com/v1"));
        Assert.DoesNotContain("sk-secret", e.Message, StringComparison.Ordinal);
        Assert.Contains("write 'https://api.example.com/v1'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.com/openai?key=abcd1234efgh5678", "abcd1234efgh5678")]
    [InlineData("https://api.example.com/v1?api_key=sk-proj-0123456789abcdef", "0123456789abcdef")]
    [InlineData("ftp://me:hunter2pass@api.example.com/v1", "hunter2pass")]
    public void Refusal_messages_never_repeat_a_secret(string input, string secret)
    {
        Assert.False(UpstreamEndpoint.TryNormalize(input, out _, out var error));
        Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:8080/v1", true)]
    [InlineData("http://127.8.9.10/v1", true)]
    [InlineData("http://[::1]:8080/v1", true)]
    [InlineData("http://[::ffff:127.0.0.1]:8080/v1", false)]
    [InlineData("http://10.0.0.1/v1", false)]
    [InlineData("https://api.openai.com/v1", false)]
    public void Loopback_configurations_are_recognised(string url, bool loopback) =>
        Assert.Equal(loopback, UpstreamEndpoint.Normalize(url).IsLoopback);
}
