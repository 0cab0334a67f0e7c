using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The storage form of a session (not a wire format): a CBOR array
/// <c>[version, phase, is_initiator, method, suite, [SUITES_I], 16 byte strings]</c>. It holds the
/// ephemeral private key and PRKs, so it must be stored as a secret.
/// </summary>
internal static class EdhocStateSerializer
{
    private const int Version = 1;
    private const int ByteFieldCount = 16;

    public static byte[] Serialize(EdhocSessionState state)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(6 + ByteFieldCount);
        writer.WriteInt32(Version);
        writer.WriteInt32((int)state.Phase);
        writer.WriteBoolean(state.IsInitiator);
        writer.WriteInt32((int)state.Method);
        writer.WriteInt32(state.Suite);
        writer.WriteStartArray(state.SuitesI.Length);
        foreach (int suite in state.SuitesI)
        {
            writer.WriteInt32(suite);
        }
        writer.WriteEndArray();
        foreach (byte[] field in ByteFields(state))
        {
            writer.WriteByteString(field);
        }
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static EdhocSessionState Deserialize(byte[] data)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Canonical);
            if (reader.ReadStartArray() != 6 + ByteFieldCount || reader.ReadInt32() != Version)
            {
                throw Invalid("unknown layout or version");
            }
            var phase = (EdhocPhase)reader.ReadInt32();
            bool isInitiator = reader.ReadBoolean();
            int method = reader.ReadInt32();
            int suite = reader.ReadInt32();
            var suites = new List<int>();
            reader.ReadStartArray();
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                suites.Add(reader.ReadInt32());
            }
            reader.ReadEndArray();
            var f = new byte[ByteFieldCount][];
            for (int i = 0; i < f.Length; i++)
            {
                f[i] = reader.ReadByteString();
            }
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0 || !Enum.IsDefined(phase) || !EdhocMethodExtensions.IsDefined(method) || EdhocCipherSuite.Find(suite) is null)
            {
                throw Invalid("inconsistent fields");
            }
            return new EdhocSessionState
            {
                Phase = phase, IsInitiator = isInitiator, Method = (EdhocMethod)method, Suite = suite, SuitesI = [.. suites],
                EphemeralPrivateKey = f[0], GX = f[1], GY = f[2], ConnectionIdI = f[3], ConnectionIdR = f[4], HashMessage1 = f[5],
                Th = f[6], Prk2e = f[7], Prk3e2m = f[8], Prk4e3m = f[9], Plaintext = f[10], PeerIdCred = f[11],
                PeerSignatureOrMac = f[12], PeerEad = f[13], PrkOut = f[14], PrkExporter = f[15],
            };
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw Invalid(e.Message);
        }
    }

    private static byte[][] ByteFields(EdhocSessionState s) =>
    [
        s.EphemeralPrivateKey, s.GX, s.GY, s.ConnectionIdI, s.ConnectionIdR, s.HashMessage1, s.Th, s.Prk2e, s.Prk3e2m,
        s.Prk4e3m, s.Plaintext, s.PeerIdCred, s.PeerSignatureOrMac, s.PeerEad, s.PrkOut, s.PrkExporter,
    ];

    private static EdhocProtocolException Invalid(string detail) => EdhocProtocolException.Of(EdhocFailureKind.UnexpectedState, $"serialised state: {detail}");
}
