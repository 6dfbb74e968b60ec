using System.Net;
using System.Net.Sockets;

namespace Protocols.Client;

/// <summary>
/// Builds the <see cref="SocketsHttpHandler"/> the client sends through: connect and pool settings, mutual TLS,
/// and the SSRF guard in <see cref="SocketsHttpHandler.ConnectCallback"/> — the host is resolved first and every
/// address checked, so a name that resolves to <c>127.0.0.1</c> or <c>169.254.169.254</c> is refused before any
/// packet leaves (a check of the host name alone would not see that).
/// </summary>
public static class UpstreamHttpHandler
{
    /// <summary>Creates a handler; share it (through one <see cref="HttpClient"/>) across clients for one connection pool.</summary>
    /// <param name="options">The settings; null for the defaults (public addresses only).</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler Create(UpstreamHttpHandlerOptions? options = null)
    {
        options ??= new UpstreamHttpHandlerOptions();
        var guard = options.NetworkPolicy != UpstreamNetworkPolicy.AllowPrivate;
        var resolver = options.HostResolver ?? Dns.GetHostAddressesAsync;
        var connector = options.Connector ?? ConnectAsync;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,

            // A proxy would make the guard check the proxy's address instead of the backend's.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                    ? [literal]
                    : await resolver(host, cancellationToken).ConfigureAwait(false);
                if (addresses.Length == 0)
                {
                    throw new SocketException((int)SocketError.HostNotFound);
                }

                if (guard)
                {
                    // Every address is checked: a name that mixes a public and a private address is refused whole.
                    foreach (var address in addresses)
                    {
                        if (!AddressGuard.IsPublic(address, out var category))
                        {
                            throw new BlockedAddressException(host, address, category);
                        }
                    }
                }

                return await connector(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            },
        };

        if (options.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];

            // Send the certificate whatever CA list the server advertises (a private CA's server may list none).
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (options.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
