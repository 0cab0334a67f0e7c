using CsCheck;
using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>CsCheck generators for OSCORE: context pairs and messages with options of every class.</summary>
internal static class OscoreGenerators
{
    // Class E, Class U and "both" options; OSCORE and Proxy-Uri are left out (they are not carried as given).
    private static readonly ushort[] OptionNumbers =
    [
        CoapOptionNumber.IfMatch, CoapOptionNumber.UriHost, CoapOptionNumber.ETag, CoapOptionNumber.IfNoneMatch,
        CoapOptionNumber.Observe, CoapOptionNumber.UriPort, CoapOptionNumber.LocationPath, CoapOptionNumber.UriPath,
        CoapOptionNumber.ContentFormat, CoapOptionNumber.MaxAge, CoapOptionNumber.UriQuery, CoapOptionNumber.HopLimit,
        CoapOptionNumber.Accept, CoapOptionNumber.LocationQuery, CoapOptionNumber.Edhoc, CoapOptionNumber.Block2,
        CoapOptionNumber.Block1, CoapOptionNumber.Size2, CoapOptionNumber.ProxyScheme, CoapOptionNumber.Size1,
        CoapOptionNumber.Echo, CoapOptionNumber.NoResponse, CoapOptionNumber.RequestTag, 2048, 65000,
    ];

    private static readonly Gen<CoapOption> Option = Gen.Select(
        Gen.Int[0, OptionNumbers.Length - 1], Gen.OneOf(Gen.Byte.Array[0, 4], Gen.Byte.Array[0, 40], Gen.Byte.Array[260, 300]),
        (index, value) => new CoapOption(OptionNumbers[index], value));

    private static readonly Gen<byte[]> Token = Gen.OneOf(Gen.Byte.Array[0, 8], Gen.Byte.Array[9, 20]);
    private static readonly Gen<byte[]> Payload = Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Byte.Array[1, 64], Gen.Byte.Array[1, 1100]);

    public static readonly Gen<CoapCode> RequestCode = Gen.Int[1, 31].Select(d => CoapCode.Create(0, d));

    public static readonly Gen<CoapCode> ResponseCode = Gen.OneOf(
        Gen.Int[0, 31].Select(d => CoapCode.Create(2, d)),
        Gen.Int[0, 31].Select(d => CoapCode.Create(4, d)),
        Gen.Int[0, 31].Select(d => CoapCode.Create(5, d)));

    public static Gen<CoapMessage> Message(Gen<CoapCode> code) => Gen.Select(
        Gen.Enum<CoapMessageType>(), code, Gen.UShort, Token, Option.Array[0, 10], Payload,
        (type, c, id, token, options, payload) =>
        {
            var message = new CoapMessage { Type = type, Code = c, MessageId = id, Token = token, Payload = payload };
            foreach (var option in options)
            {
                // Observe is a single option; keep the first.
                if (option.Number != CoapOptionNumber.Observe || !message.HasOption(CoapOptionNumber.Observe))
                {
                    message.AddOption(option);
                }
            }
            return message;
        });

    /// <summary>Client and server parameters of one context: random secret, salt, IDs of 0-7 bytes, ID Context absent, empty or set.</summary>
    public static readonly Gen<(OscoreContextParameters Client, OscoreContextParameters Server)> ContextPair = Gen.Select(
        Gen.Byte.Array[1, 32],
        Gen.OneOf(Gen.Const((byte[]?)null), Gen.Byte.Array[0, 16].Select(b => (byte[]?)b)),
        Gen.Byte.Array[0, OscoreAlgorithm.MaxIdLength],
        Gen.Byte.Array[0, OscoreAlgorithm.MaxIdLength],
        Gen.OneOf(Gen.Const((byte[]?)null), Gen.Const((byte[]?)Array.Empty<byte>()), Gen.Byte.Array[1, 16].Select(b => (byte[]?)b)))
        .Where(t => !t.Item3.AsSpan().SequenceEqual(t.Item4))
        .Select(t => (
            new OscoreContextParameters(t.Item1, t.Item3, t.Item4, t.Item2, t.Item5),
            new OscoreContextParameters(t.Item1, t.Item4, t.Item3, t.Item2, t.Item5)));
}
