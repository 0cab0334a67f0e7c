namespace Eals.Protocol.Edhoc;

/// <summary>
/// message_1 (RFC 9528 section 5.2.1):
/// <code>
/// message_1 = (
///   METHOD : int,
///   SUITES_I : suites,
///   G_X : bstr,
///   C_I : bstr / -24..23,
///   ? EAD_1,
/// )
/// suites = [ 2* int ] / int
/// </code>
/// </summary>
public sealed record EdhocMessage1(int Method, IReadOnlyList<int> SuitesI, byte[] GX, byte[] ConnectionIdI, IReadOnlyList<EadItem> Ead1)
{
    /// <summary>The selected cipher suite is the last element of SUITES_I.</summary>
    public int SelectedSuite => SuitesI[^1];

    public byte[] Encode()
    {
        var writer = EdhocCbor.Writer();
        writer.WriteInt32(Method);
        EdhocSuites.Write(writer, SuitesI);
        writer.WriteByteString(GX);
        EdhocCbor.WriteIdentifier(writer, ConnectionIdI);
        EadItem.Write(writer, Ead1);
        return writer.Encode();
    }

    /// <summary>Decodes the CBOR sequence (structure and deterministic encoding only).</summary>
    public static EdhocResult<EdhocMessage1> Decode(byte[] message)
    {
        try
        {
            return Read(message);
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    internal static EdhocMessage1 Read(byte[] message) => EdhocCbor.Parse(message, "message_1", reader =>
    {
        int method = EdhocCbor.ReadInteger(reader, "METHOD");
        var suites = EdhocSuites.Read(reader, "SUITES_I");
        byte[] gX = EdhocCbor.ReadByteString(reader, "G_X");
        byte[] cI = EdhocCbor.ReadIdentifier(reader, "C_I");
        return new EdhocMessage1(method, suites, gX, cI, EadItem.ReadAll(reader));
    });
}
