using System.Formats.Cbor;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>Builds COSE_Sign1 variants byte by byte, for the strictness tests.</summary>
internal static class CoseMessages
{
    public static byte[] Build(byte[] protectedHeader, Action<CborWriter> writeUnprotected, byte[]? payload, byte[] signature, bool tagged = true, ulong tag = 18)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        if (tagged)
        {
            writer.WriteTag((CborTag)tag);
        }
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writeUnprotected(writer);
        if (payload is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteByteString(payload);
        }
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static void EmptyMap(CborWriter writer)
    {
        writer.WriteStartMap(0);
        writer.WriteEndMap();
    }

    /// <summary>The four parts of a (tagged) COSE_Sign1 this code wrote: protected, unprotected (encoded), payload, signature.</summary>
    public static (byte[] Protected, byte[] Unprotected, byte[] Payload, byte[] Signature) Split(byte[] coseSign1)
    {
        var reader = new CborReader(coseSign1);
        reader.ReadTag();
        reader.ReadStartArray();
        return (reader.ReadByteString(), reader.ReadEncodedValue().ToArray(), reader.ReadByteString(), reader.ReadByteString());
    }
}
