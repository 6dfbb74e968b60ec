using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Protocols.Client.Tests;

public class SharedHandlerTests
{
    [Fact]
    public async Task One_handler_serves_many_clients_and_backends()
    {
        await using var first = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("from first")));
        await using var second = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("from second")));
        using var shared = new HttpClient(UpstreamHttpHandler.Create(new UpstreamHttpHandlerOptions { NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate }));

        var clients = Enumerable.Range(0, 6).Select(i => new AnthropicCompatibleClient(
            new AnthropicCompatibleClientOptions
            {
                BaseUrl = i % 2 == 0 ? first.BaseUrl : second.BaseUrl,
                Credential = i % 2 == 0 ? UpstreamCredential.Bearer("sk-first-0000000001") : UpstreamCredential.Header("api-key", "second-key-2"),
            },
            shared)).ToList();

        var answers = await Task.WhenAll(clients.Select(c => c.CreateMessageAsync(Requests.Hello())));
        foreach (var c in clients)
        {
            // Disposing a client that did not create the HttpClient leaves it usable for the others.
            c.Dispose();
        }

        Assert.Equal(3, answers.Count(a => a.GetText() == "from first"));
        Assert.Equal(3, answers.Count(a => a.GetText() == "from second"));
        Assert.All(first.Requests, r => Assert.Equal("Bearer sk-first-0000000001", r.Headers["authorization"]));
        Assert.All(second.Requests, r => Assert.Equal("second-key-2", r.Headers["api-key"]));
        Assert.All(second.Requests, r => Assert.False(r.Headers.ContainsKey("authorization")));

        // Still usable: one pool, reused.
        using var again = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = first.BaseUrl }, shared);
        await again.CreateMessageAsync(Requests.Hello());
        Assert.InRange(first.Connections, 1, 3);
    }

    [Fact]
    public async Task Dependency_injection_registers_named_clients_over_the_http_client_factory()
    {
        await using var openai = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("default")));
        await using var ollama = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("ollama")));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new TestTimeProvider());
        services.AddAnthropicCompatibleClient(o =>
        {
            o.BaseUrl = openai.BaseUrl;
            o.ApiKey = "sk-di-000000000000";
        });
        services.AddAnthropicCompatibleClient("ollama", o =>
        {
            o.BaseUrl = ollama.BaseUrl;
            o.Translation.ModelMap.Add(new Protocols.Translation.ModelMapRule { Match = "claude-*", Target = "llama3.2" });
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<AnthropicCompatibleClient>();
        var local = provider.GetRequiredKeyedService<AnthropicCompatibleClient>("ollama");
        var chat = provider.GetRequiredKeyedService<IChatClient>("ollama");

        Assert.Same(client, provider.GetRequiredService<AnthropicCompatibleClient>());
        Assert.Equal("default", (await client.CreateMessageAsync(Requests.Hello())).GetText());
        Assert.Equal("ollama", (await local.CreateMessageAsync(Requests.Hello())).GetText());
        Assert.Equal("ollama", (await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "claude-haiku-4-5" })).Text);
        Assert.Equal("Bearer sk-di-000000000000", openai.Requests[0].Headers["authorization"]);
        Assert.Contains("\"model\":\"llama3.2\"", ollama.Requests[0].Body, StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task The_http_client_builder_takes_extra_handlers()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var seen = 0;
        var services = new ServiceCollection();
        services.AddAnthropicCompatibleClient(o => o.BaseUrl = upstream.BaseUrl)
            .AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref seen)));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AnthropicCompatibleClient>().CreateMessageAsync(Requests.Hello());

        Assert.Equal(1, seen);
    }

    [Fact]
    public void A_bad_base_url_fails_validation()
    {
        var services = new ServiceCollection();
        services.AddAnthropicCompatibleClient(o => o.BaseUrl = "https://example.com/not-an-api");
        using var provider = services.BuildServiceProvider();

        Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<AnthropicCompatibleClient>());
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
