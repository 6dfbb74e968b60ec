using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Protocols.Client;

/// <summary>
/// Classifies IP addresses for the SSRF guard. Refused: <c>0.0.0.0/8</c>, <c>10/8</c>, <c>100.64/10</c> (CGNAT, holds
/// Alibaba's metadata 100.100.100.200), <c>127/8</c>, <c>169.254/16</c> (link-local, holds the AWS/GCP/Azure metadata
/// address 169.254.169.254), <c>172.16/12</c>, <c>192.0.0/24</c>, <c>192.168/16</c>, <c>198.18/15</c>, multicast and reserved
/// ranges, Azure's wire server 168.63.129.16; IPv6 <c>::</c>, <c>::1</c>, <c>fe80::/10</c>, <c>fec0::/10</c>, <c>fc00::/7</c>
/// (unique-local, holds AWS's fd00:ec2::254), <c>ff00::/8</c>, every IPv4-mapped address (<c>::ffff:0:0/96</c>), and
/// NAT64/6to4 addresses whose embedded IPv4 address is refused.
/// </summary>
public static class AddressGuard
{
    private static readonly IPAddress AzureWireServer = IPAddress.Parse("168.63.129.16");

    /// <summary>Whether an address may be connected to under <see cref="UpstreamNetworkPolicy.PublicOnly"/>.</summary>
    /// <param name="address">The address.</param>
    /// <param name="category">Why it is refused, when it is.</param>
    /// <returns>True for a public address.</returns>
    public static bool IsPublic(IPAddress address, [NotNullWhen(false)] out string? category)
    {
        ArgumentNullException.ThrowIfNull(address);
        category = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => "non-IP",
        };
        return category is null;
    }

    private static string? ClassifyV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        if (address.Equals(AzureWireServer) || (b[0] == 100 && b[1] == 100 && b[2] == 100 && b[3] == 200)
            || (b[0] == 169 && b[1] == 254 && b[2] == 169 && b[3] == 254))
        {
            return "cloud metadata";
        }

        return b[0] switch
        {
            0 => "unspecified",
            10 => "private",
            127 => "loopback",
            100 when b[1] is >= 64 and <= 127 => "shared (CGNAT)",
            169 when b[1] == 254 => "link-local",
            172 when b[1] is >= 16 and <= 31 => "private",
            192 when b[1] == 168 => "private",
            192 when b[1] == 0 && b[2] == 0 => "IETF reserved",
            198 when b[1] is 18 or 19 => "benchmarking",
            >= 224 and <= 239 => "multicast",
            >= 240 => "reserved",
            _ => null,
        };
    }

    private static string? ClassifyV6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            // A mapped address reaches the IPv4 host behind it; refused outright rather than unwrapped.
            return "IPv4-mapped";
        }

        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == 0xc2 && b[4..14].IndexOfAnyExcept((byte)0) < 0 && b[14] == 0x02 && b[15] == 0x54)
        {
            return "cloud metadata";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "site-local";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return "unique-local";
        }

        if (b[0] == 0xff)
        {
            return "multicast";
        }

        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            // IPv4-compatible (deprecated ::a.b.c.d).
            return "IPv4-compatible";
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that the gateway will reach.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(new IPAddress(b[12..16])) is { } nat64 ? "NAT64 " + nat64 : null;
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(new IPAddress(b[2..6])) is { } sixToFour ? "6to4 " + sixToFour : null;
        }

        return null;
    }
}
