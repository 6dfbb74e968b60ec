namespace Protocols.Client;

/// <summary>Which addresses the client may connect to (the SSRF guard).</summary>
public enum UpstreamNetworkPolicy
{
    /// <summary>
    /// <see cref="PublicOnly"/>, unless the base URL itself names this machine (<c>localhost</c>, <c>127.0.0.1</c>,
    /// <c>[::1]</c>): a loopback configuration such as Ollama or LM Studio is allowed as configured.
    /// </summary>
    Automatic,

    /// <summary>
    /// Only public addresses: after DNS resolution, private, loopback, link-local, unique-local, IPv4-mapped,
    /// multicast/reserved and cloud-metadata addresses are refused before any packet is sent.
    /// </summary>
    PublicOnly,

    /// <summary>Any address, including private networks and this machine: the explicit opt-in for local backends.</summary>
    AllowPrivate,
}
