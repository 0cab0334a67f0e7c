using BenchmarkDotNet.Attributes;
using Eals.Protocol.Coap;

namespace Eals.Benchmarks;

/// <summary>Parse and serialise of the messages the gateway handles most: a small GET and its piggybacked answer.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _requestBytes;
    private readonly byte[] _responseBytes;
    private readonly CoapMessage _response;
    private readonly byte[] _output = new byte[256];

    public CodecBenchmarks()
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/.well-known/edhoc", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        request.MessageId = 0x1234;
        _requestBytes = CoapMessageSerializer.Serialize(request);
        _response = new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Content, MessageId = 0x1234, Token = request.Token, Payload = new byte[20] };
        _response.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.TextPlain));
        _responseBytes = CoapMessageSerializer.Serialize(_response);
    }

    [Benchmark]
    public CoapMessage? ParseRequest() => CoapMessageParser.Parse(_requestBytes).Message;

    [Benchmark]
    public CoapMessage? ParseResponse() => CoapMessageParser.Parse(_responseBytes).Message;

    [Benchmark]
    public int SerializeResponse() => CoapMessageSerializer.Write(_response, _output);
}
