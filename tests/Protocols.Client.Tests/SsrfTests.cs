using System.Net;

namespace Protocols.Client.Tests;

public class SsrfTests
{
    [Theory]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("100.100.100.200", "cloud metadata")]
    [InlineData("168.63.129.16", "cloud metadata")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped")]
    [InlineData("::ffff:8.8.8.8", "IPv4-mapped")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 cloud metadata")]
    [InlineData("2002:0a00:0001::1", "6to4 private")]
    public void Non_public_addresses_are_classified(string address, string category)
    {
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address), out var actual));
        Assert.Equal(category, actual);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("104.18.7.192")]
    [InlineData("2606:4700::6810:85e5")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_pass(string address) => Assert.True(AddressGuard.IsPublic(IPAddress.Parse(address), out _));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.1/v1")]
    [InlineData("http://[fd00:ec2::254]/v1")]
    [InlineData("http://100.100.100.200/v1")]
    public async Task The_handler_refuses_private_literals_before_connecting(string url)
    {
        var attempts = 0;
        var options = new UpstreamHttpHandlerOptions
        {
            // The connector would open the socket: counting calls proves nothing was sent (and no packet can leave).
            Connector = (_, _, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("must not connect");
            },
        };
        using var http = new HttpClient(UpstreamHttpHandler.Create(options));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));

        Assert.IsType<BlockedAddressException>(e.InnerException);
        Assert.Equal(0, attempts);
    }

    [Fact]
    public async Task The_handler_refuses_a_host_name_that_resolves_to_loopback()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Models("m")));
        var resolved = new List<string>();
        var options = new UpstreamHttpHandlerOptions
        {
            HostResolver = (host, _) =>
            {
                resolved.Add(host);
                return Task.FromResult(new[] { IPAddress.Loopback });
            },
        };
        using var http = new HttpClient(UpstreamHttpHandler.Create(options));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://api.rebind.example:{upstream.Port}/v1/models"));

        var blocked = Assert.IsType<BlockedAddressException>(e.InnerException);
        Assert.Equal("api.rebind.example", blocked.Host);
        Assert.Equal(IPAddress.Loopback, blocked.Address);
        Assert.Equal(["api.rebind.example"], resolved);
        Assert.Equal(0, upstream.Connections);
    }

    [Fact]
    public async Task A_name_with_one_private_address_among_public_ones_is_refused()
    {
        var options = new UpstreamHttpHandlerOptions
        {
            HostResolver = (_, _) => Task.FromResult(new[] { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.1.2.3") }),
            Connector = (_, _, _) => throw new InvalidOperationException("must not connect"),
        };
        using var http = new HttpClient(UpstreamHttpHandler.Create(options));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://mixed.example/v1/models"));

        Assert.Equal(IPAddress.Parse("10.1.2.3"), Assert.IsType<BlockedAddressException>(e.InnerException).Address);
    }

    [Fact]
    public async Task An_ipv4_mapped_loopback_address_is_refused_and_nothing_reaches_the_server()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi")));
        using var http = new HttpClient(UpstreamHttpHandler.Create());

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://[::ffff:127.0.0.1]:{upstream.Port}/v1/models"));

        Assert.Equal("IPv4-mapped", Assert.IsType<BlockedAddressException>(e.InnerException).Category);
        Assert.Equal(0, upstream.Connections);
    }

    [Fact]
    public async Task The_client_reports_a_blocked_address_without_retrying()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi")));
        var time = new TestTimeProvider();
        using var client = new AnthropicCompatibleClient(
            new AnthropicCompatibleClientOptions { BaseUrl = $"http://[::ffff:127.0.0.1]:{upstream.Port}/v1" },
            null,
            time);

        var e = await Assert.ThrowsAsync<BlockedAddressException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(UpstreamNetworkPolicy.PublicOnly, client.NetworkPolicy);
        Assert.Contains("AllowPrivate", e.Message, StringComparison.Ordinal);
        Assert.Empty(time.Delays);
        Assert.Equal(0, upstream.Connections);
    }

    [Theory]
    [InlineData("http://169.254.169.254/v1")]
    [InlineData("http://10.0.0.1:8080/v1")]
    public async Task The_client_refuses_private_literals_even_through_a_shared_unguarded_handler(string baseUrl)
    {
        var connects = 0;
        var unguarded = new UpstreamHttpHandlerOptions
        {
            NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate,
            Connector = (_, _, _) =>
            {
                Interlocked.Increment(ref connects);
                throw new InvalidOperationException("must not connect");
            },
        };
        using var http = new HttpClient(UpstreamHttpHandler.Create(unguarded));
        using var client = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = baseUrl }, http, null, new TestTimeProvider());

        await Assert.ThrowsAsync<BlockedAddressException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(0, connects);
    }

    [Fact]
    public async Task A_guarded_client_refuses_a_host_resolving_to_loopback_before_connect()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi")));
        var handler = UpstreamHttpHandler.Create(new UpstreamHttpHandlerOptions
        {
            HostResolver = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }),
        });
        using var http = new HttpClient(handler);
        using var client = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = $"http://llm.internal.example:{upstream.Port}/v1" }, http, null, new TestTimeProvider());

        var e = await Assert.ThrowsAsync<BlockedAddressException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal("loopback", e.Category);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(0, upstream.Connections);
    }

    [Fact]
    public async Task A_loopback_configuration_is_allowed_automatically_and_private_networks_on_request()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("local")));

        using (var automatic = AnthropicCompatibleClient.Create(upstream.BaseUrl))
        {
            Assert.Equal(UpstreamNetworkPolicy.AllowPrivate, automatic.NetworkPolicy);
            Assert.Equal("local", (await automatic.CreateMessageAsync(Requests.Hello())).GetText());
        }

        using (var strict = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl, NetworkPolicy = UpstreamNetworkPolicy.PublicOnly }, null, new TestTimeProvider()))
        {
            await Assert.ThrowsAsync<BlockedAddressException>(() => strict.CreateMessageAsync(Requests.Hello()));
        }

        // A name that resolves to this machine, allowed explicitly.
        using var http = new HttpClient(UpstreamHttpHandler.Create(new UpstreamHttpHandlerOptions
        {
            NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate,
            HostResolver = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }),
        }));
        using var allowed = new AnthropicCompatibleClient(
            new AnthropicCompatibleClientOptions { BaseUrl = $"http://gpu-box.lan:{upstream.Port}/v1", NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate },
            http);
        Assert.Equal("local", (await allowed.CreateMessageAsync(Requests.Hello())).GetText());
        Assert.Equal(2, upstream.Requests.Count);
    }
}
