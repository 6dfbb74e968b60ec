using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Protocols.Client;

/// <summary>
/// Settings of the connection layer built by <see cref="UpstreamHttpHandler.Create"/>: one handler (one connection
/// pool) can serve many clients and many backends.
/// </summary>
public sealed class UpstreamHttpHandlerOptions
{
    /// <summary>Which addresses may be connected to.</summary>
    /// <value><see cref="UpstreamNetworkPolicy.PublicOnly"/> (<see cref="UpstreamNetworkPolicy.Automatic"/> means the same here:
    /// a shared handler has no single base URL to judge by).</value>
    public UpstreamNetworkPolicy NetworkPolicy { get; set; } = UpstreamNetworkPolicy.PublicOnly;

    /// <summary>The longest a TCP connect plus TLS handshake may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pooled connection lives, so DNS changes are picked up.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most connections per backend.</summary>
    /// <value><see cref="int.MaxValue"/>.</value>
    public int MaxConnectionsPerServer { get; set; } = int.MaxValue;

    /// <summary>A client certificate (with its private key) for mutual TLS.</summary>
    /// <value>Null: no client certificate.</value>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Validates the server's certificate instead of the system trust store (a private CA, a pinned certificate).</summary>
    /// <value>Null: the system's validation.</value>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Resolves host names (custom DNS, or tests); every address it returns is checked by the guard.</summary>
    /// <value>Null: <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</value>
    public Func<string, CancellationToken, Task<IPAddress[]>>? HostResolver { get; set; }

    /// <summary>Opens the TCP connection to already-checked addresses; a test seam to prove nothing is sent.</summary>
    internal Func<IPAddress[], int, CancellationToken, ValueTask<Stream>>? Connector { get; set; }
}
