using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// <c>suites = [ 2* int ] / int</c> (RFC 9528 section 5.2.1): a single suite MUST be an int, so an
/// array holds at least two (RFC 9529 section 4.1.3).
/// </summary>
internal static class EdhocSuites
{
    public static void Write(CborWriter writer, IReadOnlyList<int> suites)
    {
        if (suites.Count == 1)
        {
            writer.WriteInt32(suites[0]);
            return;
        }
        writer.WriteStartArray(suites.Count);
        foreach (int suite in suites)
        {
            writer.WriteInt32(suite);
        }
        writer.WriteEndArray();
    }

    public static byte[] Encode(IReadOnlyList<int> suites)
    {
        var writer = EdhocCbor.Writer();
        Write(writer, suites);
        return writer.Encode();
    }

    public static IReadOnlyList<int> Read(CborReader reader, string what)
    {
        if (reader.PeekState() != CborReaderState.StartArray)
        {
            return [EdhocCbor.ReadInteger(reader, what)];
        }
        int? count = reader.ReadStartArray();
        if (count is null or < 2)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, $"{what}: an array must hold at least two suites");
        }
        var suites = new int[count.Value];
        for (int i = 0; i < suites.Length; i++)
        {
            suites[i] = EdhocCbor.ReadInteger(reader, what);
        }
        reader.ReadEndArray();
        return suites;
    }
}
