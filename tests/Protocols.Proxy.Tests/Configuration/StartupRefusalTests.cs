using Protocols.Proxy.Configuration;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Configuration;

public sealed class StartupRefusalTests
{
    private static string Refusal(Dictionary<string, string?> env, params string[] args)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ProxyConfigurationException>(() => ProxyApp.Build(args, TestProxy.NewHost(dir, env)));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Theory]
    [InlineData("https://api.example.com/api")]
    [InlineData("https://api.example.com/v1/chat")]
    [InlineData("ftp://api.example.com")]
    [InlineData("api.example.com")]
    public void BadBaseUrl_IsRefused_SayingWhatToWrite(string url)
    {
        var message = Refusal(new() { ["UPSTREAM_BASE_URL"] = url });
        Assert.Contains("UPSTREAM_BASE_URL", message);
        Assert.Contains("write", message);
        Assert.Contains("/chat/completions", message);
    }

    [Fact]
    public void NonLoopbackBind_WithoutKeys_IsRefused_UnlessAllowed()
    {
        var message = Refusal(new() { ["HOST"] = "0.0.0.0" });
        Assert.Contains("PROXY_API_KEYS", message);
        Assert.Contains("ALLOW_UNAUTHENTICATED", message);

        using var dir = new TempDirectory();
        using var allowed = (IDisposable)ProxyApp.Build(["--host", "0.0.0.0", "--allow-unauthenticated"], TestProxy.NewHost(dir, new Dictionary<string, string?>()));
        using var withKeys = (IDisposable)ProxyApp.Build(["--host", "0.0.0.0"], TestProxy.NewHost(dir, new Dictionary<string, string?> { ["PROXY_API_KEYS"] = "k" }));
    }

    [Theory]
    [InlineData("PORT", "abc", "PORT='abc' (from environment) is not valid: write an integer from 0 to 65535")]
    [InlineData("PORT", "70000", "an integer from 0 to 65535")]
    [InlineData("DEBUG", "maybe", "true or false")]
    [InlineData("MAX_BODY_SIZE", "lots", "32MB")]
    [InlineData("UPSTREAM_IDLE_TIMEOUT", "soon", "30s")]
    [InlineData("HOST", "my-host", "an IP address")]
    [InlineData("BACKEND", "gemini", "openai")]
    [InlineData("UPSTREAM_AUTH", "basic", "bearer, header")]
    [InlineData("MODEL_MAP", "claude", "PATTERN=MODEL")]
    [InlineData("Translation__EchoRequestedModel", "perhaps", "Translation:EchoRequestedModel")]
    public void InvalidSetting_IsOneClearLine(string key, string value, string expected)
    {
        Assert.Contains(expected, Refusal(new() { [key] = value }));
    }

    [Fact]
    public void InvalidPortFlag_NamesTheCommandLine()
    {
        Assert.Contains("(from command line)", Refusal([], "--port", "x"));
    }

    [Fact]
    public void MissingConfigFile_IsRefused()
    {
        Assert.Contains("--config", Refusal([], "--config", "/nonexistent/.env"));
    }

    [Fact]
    public void UnknownFlag_IsRefused()
    {
        Assert.Contains("--nope", Refusal([], "--nope"));
    }
}
