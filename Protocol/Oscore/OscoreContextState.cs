using System.Formats.Cbor;

namespace Eals.Protocol.Oscore;

/// <summary>
/// Everything a security context needs to continue after a restart: identifiers, derived keys, the
/// Sender Sequence Number with its persisted ceiling (appendix B.1.1), the replay window (section 7.4) and
/// a pending Echo challenge (appendix B.1.2). Holds secrets: store it as securely as the keys, and note
/// that <see cref="ToString"/> leaves them out. <see cref="ToBytes"/> / <see cref="TryFromBytes"/> give a
/// versioned CBOR encoding for grain storage.
/// </summary>
public sealed record OscoreContextState(
    byte[] SenderId,
    byte[] RecipientId,
    byte[]? IdContext,
    byte[] SenderKey,
    byte[] RecipientKey,
    byte[] CommonIv,
    ulong SenderSequenceNumber,
    ulong SenderSequenceCeiling,
    ulong SequencePersistInterval,
    int ReplayWindowSize,
    long ReplayWindowHighest,
    ulong ReplayWindowBitmap,
    bool ReplayWindowInitialised,
    byte[]? PendingEcho,
    int EchoLength = OscoreContextOptions.DefaultEchoLength)
{
    private const int FormatVersion = 1;
    private const int FieldCount = 16;

    public byte[] ToBytes()
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(FieldCount);
        writer.WriteInt32(FormatVersion);
        writer.WriteByteString(SenderId);
        writer.WriteByteString(RecipientId);
        WriteOptional(writer, IdContext);
        writer.WriteByteString(SenderKey);
        writer.WriteByteString(RecipientKey);
        writer.WriteByteString(CommonIv);
        writer.WriteUInt64(SenderSequenceNumber);
        writer.WriteUInt64(SenderSequenceCeiling);
        writer.WriteUInt64(SequencePersistInterval);
        writer.WriteInt32(ReplayWindowSize);
        writer.WriteInt64(ReplayWindowHighest);
        writer.WriteUInt64(ReplayWindowBitmap);
        writer.WriteBoolean(ReplayWindowInitialised);
        WriteOptional(writer, PendingEcho);
        writer.WriteInt32(EchoLength);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Decodes <see cref="ToBytes"/> output; false (never an exception) for anything else.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OscoreContextState? state)
    {
        state = null;
        try
        {
            var reader = new CborReader(bytes.ToArray(), CborConformanceMode.Strict);
            if (reader.ReadStartArray() != FieldCount || reader.ReadInt32() != FormatVersion)
            {
                return false;
            }
            var decoded = new OscoreContextState(
                reader.ReadByteString(),
                reader.ReadByteString(),
                ReadOptional(reader),
                reader.ReadByteString(),
                reader.ReadByteString(),
                reader.ReadByteString(),
                reader.ReadUInt64(),
                reader.ReadUInt64(),
                reader.ReadUInt64(),
                reader.ReadInt32(),
                reader.ReadInt64(),
                reader.ReadUInt64(),
                reader.ReadBoolean(),
                ReadOptional(reader),
                reader.ReadInt32());
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0 || !decoded.IsConsistent())
            {
                return false;
            }
            state = decoded;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Whether the fields describe a context this implementation can run.</summary>
    public bool IsConsistent()
        => SenderId.Length <= OscoreAlgorithm.MaxIdLength && RecipientId.Length <= OscoreAlgorithm.MaxIdLength
            && SenderKey.Length == OscoreAlgorithm.KeyLength && RecipientKey.Length == OscoreAlgorithm.KeyLength
            && CommonIv.Length == OscoreAlgorithm.NonceLength
            && SenderSequenceNumber <= OscoreAlgorithm.MaxSequenceNumber + 1 && SenderSequenceCeiling <= OscoreAlgorithm.MaxSequenceNumber + 1
            && SequencePersistInterval > 0
            && ReplayWindowSize is >= 1 and <= OscoreReplayWindow.MaxSize
            && ReplayWindowHighest >= -1 && ReplayWindowHighest <= (long)OscoreAlgorithm.MaxSequenceNumber
            && EchoLength is >= 1 and <= OscoreContextOptions.MaxEchoLength
            && (PendingEcho is null || PendingEcho.Length == EchoLength);

    public override string ToString()
        => $"OscoreContextState {{ SenderId = h'{Convert.ToHexStringLower(SenderId)}', RecipientId = h'{Convert.ToHexStringLower(RecipientId)}', "
           + $"IdContext = {(IdContext is null ? "absent" : $"h'{Convert.ToHexStringLower(IdContext)}'")}, keys = (secret), "
           + $"SenderSequenceNumber = {SenderSequenceNumber}, SenderSequenceCeiling = {SenderSequenceCeiling}, "
           + $"ReplayWindow = {{ size {ReplayWindowSize}, highest {ReplayWindowHighest}, bitmap {ReplayWindowBitmap:x}, initialised {ReplayWindowInitialised} }} }}";

    private static void WriteOptional(CborWriter writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteByteString(value);
        }
    }

    private static byte[]? ReadOptional(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return null;
        }
        return reader.ReadByteString();
    }
}
