using System.Buffers.Binary;
using System.Net.Sockets;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>
/// Where the proxy's answers to many pledges go: counts them, and counts any whose pledge token (the pledge's
/// port, big-endian) does not name the pledge it was sent to. Keeps nothing per pledge.
/// </summary>
public sealed class PledgeSink : ICoapTransport
{
    public int Received;
    public int Misrouted;

    public AddressFamily Family => AddressFamily.InterNetwork;

    public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        var answer = CoapMessageParser.Parse(datagram.ToArray()).Message!;
        Received++;
        if (answer.Type != CoapMessageType.Acknowledgement || answer.Token.Length != 2 || BinaryPrimitives.ReadUInt16BigEndian(answer.Token.Span) != peer.Port)
        {
            Misrouted++;
        }
    }
}
