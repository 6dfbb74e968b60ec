using System.Net;

namespace Protocols.Client;

/// <summary>
/// The SSRF guard refused to connect: the host is, or resolves to, a private, loopback, link-local, unique-local,
/// IPv4-mapped or cloud-metadata address. Nothing was sent. Never retried. Allow such backends explicitly with
/// <see cref="UpstreamNetworkPolicy.AllowPrivate"/>.
/// </summary>
public sealed class BlockedAddressException : TransportException
{
    /// <summary>Creates the error.</summary>
    /// <param name="host">The host that was asked for.</param>
    /// <param name="address">The refused address.</param>
    /// <param name="category">Why it is refused (<c>loopback</c>, <c>private</c>, <c>cloud metadata</c>, …).</param>
    public BlockedAddressException(string host, IPAddress address, string category)
        : base($"refused to connect to {host} ({address}): {category} addresses are blocked by the SSRF guard; set NetworkPolicy = AllowPrivate to allow local backends")
    {
        Host = host;
        Address = address;
        Category = category;
    }

    /// <summary>The host that was asked for.</summary>
    public string Host { get; }

    /// <summary>The refused address.</summary>
    public IPAddress Address { get; }

    /// <summary>Why it is refused.</summary>
    public string Category { get; }
}
