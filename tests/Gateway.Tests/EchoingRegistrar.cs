using System.Net.Sockets;
using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>
/// The registrar side of a join proxy in memory: answers every forwarded request at once with a NON 2.04 carrying
/// its token, as the gateway does, by handing the response straight back to the relay. Keeps only a counter.
/// </summary>
public sealed class EchoingRegistrar(JoinProxyRelay relay) : ICoapTransport
{
    public int Answered;

    public AddressFamily Family => AddressFamily.InterNetwork;

    public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        var request = CoapMessageParser.Parse(datagram.ToArray()).Message!;
        var response = new CoapMessage { Type = CoapMessageType.NonConfirmable, Code = CoapCode.Changed, MessageId = request.MessageId, Token = request.Token, Payload = request.Payload };
        Answered++;
        relay.FromRegistrar(this, peer, CoapMessageSerializer.Serialize(response));
    }
}
