using System.Formats.Cbor;
using Eals.Protocol.Cbor;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Reads one YANG-CBOR container (RFC 9254 sections 3.2 and 4.2) as the constrained voucher draft sends it:
/// <code>
/// { container-SID: { delta: value, ... } }      ; delta = leaf SID - container SID (unsigned integer)
/// </code>
/// Strict: deterministic encoding only (RFC 8949 section 4.2.1), exactly one outer key, integer deltas only
/// (absolute SIDs in tag 47 and negative deltas are refused), no trailing bytes. Each value is kept as its
/// encoded item and typed by the accessor that reads it.
/// </summary>
internal sealed class SidContainerReader
{
    private readonly Dictionary<ulong, ReadOnlyMemory<byte>> _values;
    private readonly string _artifact;

    private SidContainerReader(Dictionary<ulong, ReadOnlyMemory<byte>> values, string artifact)
    {
        _values = values;
        _artifact = artifact;
    }

    /// <summary>Checks the encoding and splits the container into its leaves; refuses deltas not in <paramref name="knownDeltas"/>.</summary>
    public static SidContainerReader Open(ReadOnlySpan<byte> cbor, ulong containerSid, IReadOnlySet<ulong> knownDeltas, string artifact)
    {
        switch (DeterministicCbor.Check(cbor))
        {
            case CborEncodingCheck.Malformed:
                throw new VoucherException(VoucherError.Malformed, $"The {artifact} is not well-formed CBOR.");
            case CborEncodingCheck.NotDeterministic:
                throw new VoucherException(VoucherError.NonDeterministicEncoding, $"The {artifact} is not deterministically encoded CBOR.");
        }
        var reader = new CborReader(cbor.ToArray(), CborConformanceMode.Strict);
        try
        {
            var values = new Dictionary<ulong, ReadOnlyMemory<byte>>();
            if (reader.PeekState() != CborReaderState.StartMap || reader.ReadStartMap() != 1)
            {
                throw new VoucherException(VoucherError.Malformed, $"The {artifact} is not a map with one container.");
            }
            ulong outer = ReadKey(reader, artifact);
            if (outer != containerSid)
            {
                throw new VoucherException(VoucherError.UnknownKey, $"The {artifact} container has SID {outer}, not {containerSid}.");
            }
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                throw new VoucherException(VoucherError.Malformed, $"The {artifact} container is not a map.");
            }
            int? count = reader.ReadStartMap();
            for (int i = 0; i < count; i++)
            {
                ulong delta = ReadKey(reader, artifact);
                if (!knownDeltas.Contains(delta))
                {
                    throw new VoucherException(VoucherError.UnknownKey, $"The {artifact} has the unknown key SID {containerSid + delta} (delta {delta}).");
                }
                values.Add(delta, reader.ReadEncodedValue());
            }
            reader.ReadEndMap();
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                throw new VoucherException(VoucherError.Malformed, $"{reader.BytesRemaining} bytes follow the {artifact}.");
            }
            return new SidContainerReader(values, artifact);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw new VoucherException(VoucherError.Malformed, $"The {artifact} is not a well-formed SID map.", e);
        }
    }

    public string? Text(ulong delta, string leaf) => Read(delta, leaf, CborReaderState.TextString, static r => r.ReadTextString());

    public byte[]? Bytes(ulong delta, string leaf) => Read(delta, leaf, CborReaderState.ByteString, static r => r.ReadByteString());

    public bool? Boolean(ulong delta, string leaf) => Read<bool?>(delta, leaf, CborReaderState.Boolean, static r => r.ReadBoolean());

    public DateTimeOffset? DateAndTime(ulong delta, string leaf)
    {
        string? text = Text(delta, leaf);
        if (text is null)
        {
            return null;
        }
        return YangDateTime.TryParse(text, out var value)
            ? value
            : throw new VoucherException(VoucherError.Malformed, $"The {_artifact} leaf {leaf} is not a yang:date-and-time.");
    }

    /// <summary>An enumeration is its integer value (RFC 9254 section 6.6); RFC 8366 defines 0, 1 and 2.</summary>
    public VoucherAssertion? Assertion(ulong delta, string leaf)
    {
        ulong? value = Read<ulong?>(delta, leaf, CborReaderState.UnsignedInteger, static r => r.ReadUInt64());
        return value switch
        {
            null => null,
            <= (ulong)VoucherAssertion.Proximity => (VoucherAssertion)value.Value,
            _ => throw new VoucherException(VoucherError.Malformed, $"The {_artifact} leaf {leaf} has the undefined enum value {value}."),
        };
    }

    public T Required<T>(T? value, string leaf)
        where T : class =>
        value ?? throw new VoucherException(VoucherError.Malformed, $"The {_artifact} lacks the mandatory leaf {leaf}.");

    public T Required<T>(T? value, string leaf)
        where T : struct =>
        value ?? throw new VoucherException(VoucherError.Malformed, $"The {_artifact} lacks the mandatory leaf {leaf}.");

    private static ulong ReadKey(CborReader reader, string artifact) =>
        reader.PeekState() == CborReaderState.UnsignedInteger
            ? reader.ReadUInt64()
            : throw new VoucherException(VoucherError.Malformed, $"A key of the {artifact} is not an unsigned integer SID delta.");

    private T? Read<T>(ulong delta, string leaf, CborReaderState expected, Func<CborReader, T> read)
    {
        if (!_values.TryGetValue(delta, out var encoded))
        {
            return default;
        }
        var reader = new CborReader(encoded, CborConformanceMode.Strict);
        try
        {
            if (reader.PeekState() != expected)
            {
                throw new VoucherException(VoucherError.Malformed, $"The {_artifact} leaf {leaf} is a CBOR {reader.PeekState()}, not a {expected}.");
            }
            return read(reader);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw new VoucherException(VoucherError.Malformed, $"The {_artifact} leaf {leaf} is not well-formed.", e);
        }
    }
}
