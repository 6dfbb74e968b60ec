using Microsoft.Extensions.DependencyInjection;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Configuration;

public sealed class ConfigurationPrecedenceTests
{
    private static ProxySettings Load(TempDirectory dir, Dictionary<string, string?> env, params string[] args)
    {
        var app = ProxyApp.Build(args, TestProxy.NewHost(dir, env));
        try
        {
            return app.Services.GetRequiredService<ProxySettings>();
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    [Fact]
    public void Defaults_ServeOnLoopback3000_WithTheDemoUpstream()
    {
        using var dir = new TempDirectory();
        var s = Load(dir, []);
        Assert.Equal("127.0.0.1", s.Host);
        Assert.Equal(3000, s.Port);
        Assert.True(s.IsDemo);
        Assert.Equal(32L * 1024 * 1024, s.MaxBodySize);
        Assert.Equal(8L * 1024 * 1024, s.TranslationCacheBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), s.Translation.PingInterval);
        Assert.Empty(s.ClientKeyHashes);
    }

    [Fact]
    public void EachLayerOverridesTheOneBelow_AppSettings_DotEnv_Environment_Flags()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """
            {"PORT": 1111, "REASONING_MODEL": "from-appsettings", "COMPLETION_MODEL": "from-appsettings", "MODEL_ALIASES": "from-appsettings",
             "Translation": {"PingInterval": "00:00:07"}, "UPSTREAM_BASE_URL": "http://127.0.0.1:9/v1"}
            """);
        dir.Write(".env", """
            # comment
            PORT=2222
            REASONING_MODEL="from-dotenv"
            export COMPLETION_MODEL=from-dotenv # inline comment
            """);
        var env = new Dictionary<string, string?> { ["PORT"] = "3333", ["COMPLETION_MODEL"] = "from-env" };

        var s = Load(dir, env, "--port", "4444");

        Assert.Equal(4444, s.Port);                                     // flag beats env
        Assert.Equal("from-env", s.Translation.CompletionModel);        // env beats .env
        Assert.Equal("from-dotenv", s.Translation.ReasoningModel);      // .env beats appsettings
        Assert.Equal(["from-appsettings"], s.ModelAliases);             // appsettings alone
        Assert.Equal(TimeSpan.FromSeconds(7), s.Translation.PingInterval);
        Assert.Equal("http://127.0.0.1:9/v1/chat/completions", s.Upstream!.ChatCompletions.ToString());

        var env2 = new Dictionary<string, string?> { ["PORT"] = "3333" };
        Assert.Equal(3333, Load(dir, env2).Port);                       // env beats .env
        dir.Write(".env", "REASONING_MODEL=x\n");
        Assert.Equal(1111, Load(dir, []).Port);                         // appsettings when nothing above
    }

    [Fact]
    public void DotEnv_SearchOrder_ConfigFlagThenWorkingDirectoryThenHomeThenEtc()
    {
        using var dir = new TempDirectory();
        using var home = new TempDirectory();
        using var etc = new TempDirectory();
        etc.Write(".env", "PORT=5003\n");
        var host = TestProxy.NewHost(dir, new Dictionary<string, string?>());
        host.HomeDirectory = home.Path;
        host.SystemConfigDirectory = etc.Path;

        int PortOf(params string[] args)
        {
            var app = ProxyApp.Build(args, host);
            using var _ = (IDisposable)app;
            return app.Services.GetRequiredService<ProxySettings>().Port;
        }

        Assert.Equal(5003, PortOf());
        home.Write(".protocols-proxy.env", "PORT=5002\n");
        Assert.Equal(5002, PortOf());
        dir.Write(".env", "PORT=5001\n");
        Assert.Equal(5001, PortOf());
        var custom = dir.Write("custom.env", "PORT=5000\n");
        Assert.Equal(5000, PortOf("--config", custom));
    }

    [Fact]
    public void AnthropicProxyRsVariables_WorkUnchanged()
    {
        using var dir = new TempDirectory();
        var s = Load(dir, new()
        {
            ["UPSTREAM_BASE_URL"] = "https://openrouter.ai/api/v1",
            ["UPSTREAM_API_KEY"] = "sk-or-1",
            ["PORT"] = "8080",
            ["REASONING_MODEL"] = "deepseek/deepseek-r1",
            ["COMPLETION_MODEL"] = "openai/gpt-4o",
            ["DEBUG"] = "true",
            ["VERBOSE"] = "1",
        });
        Assert.Equal("https://openrouter.ai/api/v1/chat/completions", s.Upstream!.ChatCompletions.ToString());
        Assert.Equal("sk-or-1", s.UpstreamApiKey);
        Assert.Equal(8080, s.Port);
        Assert.Equal("deepseek/deepseek-r1", s.Translation.ReasoningModel);
        Assert.Equal("openai/gpt-4o", s.Translation.CompletionModel);
        Assert.True(s.Debug);
        Assert.True(s.Verbose);
    }

    [Fact]
    public void TranslationOptions_FlatNamesAndSection_AndListsReplaceDefaults()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{"Translation": {"Profile": {"ReasoningModels": ["a*", "b*"]}, "ModelMap": [{"Match": "x", "Target": "y"}, {"Match": "z", "Target": "w"}]}}""");
        var s = Load(dir, new()
        {
            ["MODEL_MAP"] = "claude-3-5-haiku*=gpt-4o-mini,claude-*=gpt-4o",
            ["PING_INTERVAL"] = "2s",
            ["ACCEPTS_TOP_K"] = "true",
            ["Translation__DropServerTools"] = "true",
        });
        Assert.Equal(["a*", "b*"], s.Translation.Profile.ReasoningModels);
        Assert.Equal(2, s.Translation.ModelMap.Count);
        Assert.Equal("claude-3-5-haiku*", s.Translation.ModelMap[0].Match);
        Assert.Equal("gpt-4o", s.Translation.ModelMap[1].Target);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Translation.PingInterval);
        Assert.True(s.Translation.Profile.AcceptsTopK);
        Assert.True(s.Translation.DropServerTools);
        Assert.Equal("gpt-4o-mini", s.Translation.ResolveModel("claude-3-5-haiku-latest", false));
    }

    [Fact]
    public void ClientKeys_AreKeptAsHashesOnly()
    {
        using var dir = new TempDirectory();
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("k2"u8));
        var s = Load(dir, new() { ["PROXY_API_KEYS"] = "k1", ["PROXY_API_KEY_SHA256"] = hash });
        Assert.Equal(2, s.ClientKeyHashes.Count);
        Assert.True(Security.ClientKeyCheckTests.Accepts("k1", s));
        Assert.True(Security.ClientKeyCheckTests.Accepts("k2", s));
        Assert.False(Security.ClientKeyCheckTests.Accepts("k3", s));
    }

    [Fact]
    public void AzureHost_DefaultsToTheApiKeyHeader()
    {
        using var dir = new TempDirectory();
        var s = Load(dir, new() { ["UPSTREAM_BASE_URL"] = "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21" });
        Assert.Equal(UpstreamAuthMode.Header, s.AuthMode);
        Assert.Equal("api-key", s.AuthHeaderName);
        Assert.Equal("https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21", s.Upstream!.ChatCompletions.ToString());
    }
}
