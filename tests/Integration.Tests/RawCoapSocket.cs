using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Eals.Protocol.Coap;

namespace Eals.Integration.Tests;

/// <summary>
/// A bare UDP socket speaking CoAP datagram by datagram, so a test sees exactly the bytes a server sends back
/// (sizes, options) with nothing of our client in between.
/// </summary>
public sealed class RawCoapSocket : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _server;
    private ushort _messageId = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);

    public RawCoapSocket(Uri server) => _server = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);

    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>A Confirmable POST to /.well-known/edhoc with an 8-byte token, as a pledge sends it.</summary>
    public static CoapMessage EdhocPost(byte[]? payload = null, byte[]? echo = null)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc", RandomNumberGenerator.GetBytes(8));
        if (payload is { Length: > 0 })
        {
            request.Payload = payload;
            request.SetUInt(CoapOptionNumber.ContentFormat, Protocol.Edhoc.Transport.EdhocCoapTransport.RequestContentFormat);
        }
        if (echo is not null)
        {
            request.AddOption(CoapOptionNumber.Echo, echo);
        }
        return request;
    }

    /// <summary>
    /// Sends <paramref name="request"/> once and returns the response to it (piggybacked, or separate and then
    /// acknowledged) with the size of the datagram that carried it. Gives up after 20 s.
    /// </summary>
    public async Task<(CoapMessage Response, int Size, int RequestSize)> ExchangeAsync(CoapMessage request)
    {
        request.MessageId = ++_messageId;
        byte[] datagram = CoapMessageSerializer.Serialize(request);
        await _udp.SendAsync(datagram, _server);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var received = await _udp.ReceiveAsync(timeout.Token);
            var parsed = CoapMessageParser.Parse(received.Buffer);
            Assert.True(parsed.IsSuccess, $"malformed datagram from the server: {parsed.Error}");
            var message = parsed.Message!;
            if (message.Type == CoapMessageType.Confirmable)
            {
                byte[] ack = new byte[CoapMessageParser.HeaderLength];
                CoapMessageSerializer.WriteEmpty(ack, CoapMessageType.Acknowledgement, message.MessageId);
                await _udp.SendAsync(ack, received.RemoteEndPoint);
            }
            if (message.IsResponse && message.Token.Span.SequenceEqual(request.Token.Span))
            {
                return (message, received.Buffer.Length, datagram.Length);
            }
        }
    }

    public void Dispose() => _udp.Dispose();
}
