using Microsoft.Extensions.DependencyInjection;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Configuration;

/// <summary>
/// <c>UPSTREAM_BASE_URL</c> as the proxy reads it at start-up (the URL rules themselves are the client library's,
/// tested in Protocols.Client.Tests; these pin what a proxy user sees). Refusal messages: <see cref="StartupRefusalTests"/>.
/// </summary>
public sealed class UpstreamBaseUrlTests
{
    private static ProxySettings Load(Dictionary<string, string?> env)
    {
        using var dir = new TempDirectory();
        var app = ProxyApp.Build([], TestProxy.NewHost(dir, env));
        try
        {
            return app.Services.GetRequiredService<ProxySettings>();
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models")]
    [InlineData("https://openrouter.ai/api/v1/", "https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api/v1/models")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions", "https://generativelanguage.googleapis.com/v1beta/openai/models")]
    [InlineData("https://example.com/api/v2alpha1", "https://example.com/api/v2alpha1/chat/completions", "https://example.com/api/v2alpha1/models")]
    [InlineData("http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:11434/v1/chat/completions", "http://127.0.0.1:11434/v1/models")]
    [InlineData(
        "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
        "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
        "https://x.openai.azure.com/openai/deployments/d/models?api-version=2024-10-21")]
    public void OpenAI_AcceptedSpellings_AreNormalized(string value, string chat, string models)
    {
        var upstream = Load(new() { ["UPSTREAM_BASE_URL"] = value }).Upstream!;
        Assert.Equal(chat, upstream.ChatCompletions.ToString());
        Assert.Equal(models, upstream.Models.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://localhost:8000/v1", true)]
    [InlineData("https://api.openai.com", false)]
    public void LoopbackUpstream_IsRecognized_SoNoHttpProxyIsUsed(string value, bool loopback) =>
        Assert.Equal(loopback, Load(new() { ["UPSTREAM_BASE_URL"] = value }).Upstream!.IsLoopback);

    [Theory]
    [InlineData(null, "https://api.anthropic.com/", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com/", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com/v1/", "https://api.anthropic.com/", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://gateway.example.com/anthropic/v1", "https://gateway.example.com/anthropic", "https://gateway.example.com/anthropic/v1/messages")]
    public void Anthropic_AcceptsHostOrV1_UnderAnyGatewayPath(string? value, string root, string messages)
    {
        var upstream = Load(new() { ["BACKEND"] = "anthropic", ["UPSTREAM_BASE_URL"] = value }).Upstream!;
        Assert.Equal(root, upstream.BaseUrl.ToString());
        Assert.Equal(messages, upstream.ChatCompletions.ToString());
    }
}
