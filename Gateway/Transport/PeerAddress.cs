using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Eals.Gateway.Transport;

/// <summary>
/// A remote UDP endpoint as a value: hashable and comparable without allocation, read from and written to
/// a reusable <see cref="SocketAddress"/> so the receive and send paths allocate nothing per datagram.
/// IPv4 addresses are held in their IPv4-mapped IPv6 form.
/// </summary>
public readonly struct PeerAddress : IEquatable<PeerAddress>
{
    // Linux sockaddr_in / sockaddr_in6 layout, which SocketAddress buffers carry verbatim.
    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;
    private const int IPv6ScopeOffset = 24;
    private const ulong MappedPrefixLow = 0x0000_FFFF_0000_0000UL;

    private readonly ulong _high;
    private readonly ulong _low;
    private readonly uint _scopeId;

    private PeerAddress(ulong high, ulong low, uint scopeId, ushort port, bool isIPv6)
    {
        _high = high;
        _low = low;
        _scopeId = scopeId;
        Port = port;
        IsIPv6 = isIPv6;
    }

    public ushort Port { get; }
    public bool IsIPv6 { get; }
    public AddressFamily Family => IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public static PeerAddress FromSocketAddress(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(bytes[PortOffset..]);
        if (address.Family == AddressFamily.InterNetworkV6)
        {
            return new PeerAddress(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[IPv6AddressOffset..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[(IPv6AddressOffset + 8)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes[IPv6ScopeOffset..]),
                port,
                isIPv6: true);
        }
        return new PeerAddress(0, MappedPrefixLow | BinaryPrimitives.ReadUInt32BigEndian(bytes[IPv4AddressOffset..]), 0, port, isIPv6: false);
    }

    public static PeerAddress FromEndPoint(IPEndPoint endPoint) => FromSocketAddress(endPoint.Serialize());

    /// <summary>The same address with another port (0: the host alone, whichever of its sockets sent).</summary>
    public PeerAddress WithPort(ushort port) => new(_high, _low, _scopeId, port, IsIPv6);

    /// <summary>A SocketAddress of the right family and size for <see cref="WriteTo"/>.</summary>
    public static SocketAddress CreateSocketAddress(AddressFamily family) => new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Serialize();

    /// <summary>Overwrites address and port of a SocketAddress made by <see cref="CreateSocketAddress"/> for this family.</summary>
    public void WriteTo(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[PortOffset..], Port);
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes[IPv4AddressOffset..], 0); // flow info
            BinaryPrimitives.WriteUInt64BigEndian(bytes[IPv6AddressOffset..], _high);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[(IPv6AddressOffset + 8)..], _low);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[IPv6ScopeOffset..], _scopeId);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes[IPv4AddressOffset..], (uint)_low);
        }
    }

    /// <summary>Bytes of <see cref="Encode"/>'s form: address (16, IPv4 mapped), scope id (4), port (2), family (1).</summary>
    public const int EncodedLength = 23;

    /// <summary>A fixed-size binary form (the join proxy carries it in tokens); <see cref="TryDecode"/> reads it back.</summary>
    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _scopeId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[20..], Port);
        destination[22] = IsIPv6 ? (byte)6 : (byte)4;
    }

    public static bool TryDecode(ReadOnlySpan<byte> source, out PeerAddress peer)
    {
        peer = default;
        if (source.Length < EncodedLength || source[22] is not (4 or 6))
        {
            return false;
        }
        bool isIPv6 = source[22] == 6;
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(source);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(source[8..]);
        uint scope = BinaryPrimitives.ReadUInt32BigEndian(source[16..]);
        if (!isIPv6 && (high != 0 || (low & 0xFFFF_FFFF_0000_0000UL) != MappedPrefixLow || scope != 0))
        {
            return false;
        }
        peer = new PeerAddress(high, low, scope, BinaryPrimitives.ReadUInt16BigEndian(source[20..]), isIPv6);
        return true;
    }

    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        var address = IsIPv6 ? new IPAddress(bytes, _scopeId) : new IPAddress(bytes[12..]);
        return new IPEndPoint(address, Port);
    }

    public bool Equals(PeerAddress other)
        => _high == other._high && _low == other._low && Port == other.Port && _scopeId == other._scopeId && IsIPv6 == other.IsIPv6;

    public override bool Equals(object? obj) => obj is PeerAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, Port, _scopeId);

    public static bool operator ==(PeerAddress left, PeerAddress right) => left.Equals(right);
    public static bool operator !=(PeerAddress left, PeerAddress right) => !left.Equals(right);

    public override string ToString() => ToEndPoint().ToString();
}
