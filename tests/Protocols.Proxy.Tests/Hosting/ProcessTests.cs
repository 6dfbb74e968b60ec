using System.Net;
using System.Text;
using System.Text.Json;
using Protocols.Proxy.Tests.Infrastructure;
using Protocols.Testing.Processes;
using Xunit;

namespace Protocols.Proxy.Tests.Hosting;

/// <summary>The built proxy run as a real process, as a user runs it.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task FreshStart_ServesTheDemoUpstream_AndSaysHowToConfigureARealOne()
    {
        using var dir = new TempDirectory();
        await using var proxy = await ProxyProcess.StartAsync(dir.Path, null, "--port", "0");
        var log = await proxy.WaitForOutputAsync("demo upstream");
        Assert.Contains("demo upstream", log);
        Assert.Contains("UPSTREAM_BASE_URL", log);
        Assert.StartsWith("http://127.0.0.1:", proxy.Url);

        using var http = new HttpClient { BaseAddress = new Uri(proxy.Url), Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple("ping from a newcomer"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("ping from a newcomer", text);
        using var health = await http.GetAsync("/health");
        Assert.Contains("\"upstream\":\"demo\"", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfigPrecedence_DotEnvThenEnvironmentThenFlags_AsARealProcess()
    {
        using var dir = new TempDirectory();
        int p1 = ServerProcess.FreePort(), p2 = ServerProcess.FreePort(), p3 = ServerProcess.FreePort();
        dir.Write(".env", $"PORT={p1}\nDEBUG=true\n");

        await using (var fromDotEnv = await ProxyProcess.StartAsync(dir.Path, null))
        {
            Assert.EndsWith($":{p1}", fromDotEnv.Url);
            Assert.Contains(".env", await fromDotEnv.WaitForOutputAsync(".env"));
        }

        await using (var fromEnv = await ProxyProcess.StartAsync(dir.Path, new Dictionary<string, string?> { ["PORT"] = p2.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            Assert.EndsWith($":{p2}", fromEnv.Url);
        }

        await using var fromFlag = await ProxyProcess.StartAsync(dir.Path, new Dictionary<string, string?> { ["PORT"] = p2.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "--port", p3.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith($":{p3}", fromFlag.Url);
    }

    [Theory]
    [InlineData("UPSTREAM_BASE_URL", "https://example.com/api", "UPSTREAM_BASE_URL (from environment): 'https://example.com/api' is not a base URL: write https://example.com,")]
    [InlineData("HOST", "0.0.0.0", "refusing to listen on 0.0.0.0")]
    [InlineData("PORT", "eighty", "PORT='eighty'")]
    public async Task InvalidSetting_ExitsWithOneLine_NoStackTrace(string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        var (code, stdout, stderr, _, _) = await ProxyProcess.RunToExitAsync(dir.Path, new Dictionary<string, string?> { [key] = value });
        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task PortInUse_IsOneLine()
    {
        using var dir = new TempDirectory();
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var (code, stdout, stderr, _, _) = await ProxyProcess.RunToExitAsync(dir.Path, null, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task HelpAndVersion()
    {
        using var dir = new TempDirectory();
        var help = await ProxyProcess.RunToExitAsync(dir.Path, null, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var flag in new[] { "--config", "--port", "--host", "--upstream", "--debug", "--verbose", "--version" })
        {
            Assert.Contains(flag, help.Stdout);
        }

        var version = await ProxyProcess.RunToExitAsync(dir.Path, null, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());

        var bad = await ProxyProcess.RunToExitAsync(dir.Path, null, "--bogus");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: ", bad.Stderr.Trim());
    }

    [Fact]
    public async Task StreamsAndTranslates_AgainstTheFakeUpstream_AsARealProcess()
    {
        using var dir = new TempDirectory();
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Chat = Script.Sse(OpenAIPayloads.TextStream("from ", "process"));
        await using var proxy = await ProxyProcess.StartAsync(dir.Path, new Dictionary<string, string?> { ["UPSTREAM_BASE_URL"] = upstream.BaseUrl, ["UPSTREAM_API_KEY"] = "sk-p" }, "--port", "0");
        using var http = new HttpClient { BaseAddress = new Uri(proxy.Url), Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent(AnthropicRequests.Simple(stream: true), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("from process", SseEvents.Text(events));
        Assert.Equal("Bearer sk-p", upstream.LastChat.Headers["authorization"]);
    }
}
