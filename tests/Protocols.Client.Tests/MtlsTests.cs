using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Protocols.Client.Tests;

public sealed class MtlsTests : IDisposable
{
    private readonly X509Certificate2 _server = Create("CN=fake-upstream", server: true);
    private readonly X509Certificate2 _client = Create("CN=protocols-client", server: false);

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task The_client_certificate_is_presented_and_accepted()
    {
        await using var upstream = await StartAsync();
        using var client = new AnthropicCompatibleClient(Options(upstream, withCertificate: true), null, new TestTimeProvider());

        var message = await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal(_client.Thumbprint, message.GetText());
        Assert.Equal("https", upstream.Scheme);
    }

    [Fact]
    public async Task Without_the_certificate_the_handshake_is_refused()
    {
        await using var upstream = await StartAsync();
        using var client = new AnthropicCompatibleClient(Options(upstream, withCertificate: false), null, new TestTimeProvider());

        var e = await Assert.ThrowsAsync<TransportException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Empty(upstream.Requests);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_is_refused_by_default()
    {
        await using var upstream = await StartAsync();
        var options = Options(upstream, withCertificate: true);
        options.ServerCertificateValidation = null;

        // A certificate failure is not transient: never retried.
        options.Retry.MaxRetries = 2;
        using var client = new AnthropicCompatibleClient(options, null, new TestTimeProvider());

        var e = await Assert.ThrowsAsync<TransportException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(1, e.Attempts);
        Assert.Empty(upstream.Requests);
    }

    private AnthropicCompatibleClientOptions Options(FakeUpstream upstream, bool withCertificate) => new()
    {
        BaseUrl = upstream.BaseUrl,
        ClientCertificate = withCertificate ? _client : null,

        // The test server's self-signed certificate is pinned by thumbprint.
        ServerCertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _server.Thumbprint,
        Retry = { MaxRetries = 0 },
    };

    private Task<FakeUpstream> StartAsync() => FakeUpstream.StartAsync(
        (r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion(c.Connection.ClientCertificate?.Thumbprint ?? "none")),
        https =>
        {
            https.ServerCertificate = _server;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => certificate.Thumbprint == _client.Thumbprint;
        });

    private static X509Certificate2 Create(string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
