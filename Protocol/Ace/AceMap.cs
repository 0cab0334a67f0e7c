using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// A CBOR map with integer labels, read strictly (no duplicate label, nothing after it) into its encoded
/// values, so each ACE structure picks the labels it knows and checks their types. Unknown labels are
/// ignored, as RFC 9200 section 5.9.2 allows for introspection responses.
/// </summary>
internal sealed class AceMap
{
    private readonly Dictionary<int, ReadOnlyMemory<byte>> _values;

    private AceMap(Dictionary<int, ReadOnlyMemory<byte>> values) => _values = values;

    public static AceMap Read(ReadOnlyMemory<byte> encoded, string what)
    {
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Strict);
            var map = Read(reader, what);
            if (reader.BytesRemaining != 0)
            {
                throw new AceFormatException($"{what}: bytes follow the CBOR map");
            }
            return map;
        }
        catch (CborContentException exception)
        {
            throw new AceFormatException($"{what} is not well-formed CBOR", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new AceFormatException($"{what} is not a CBOR map with integer labels", exception);
        }
    }

    public static AceMap Read(CborReader reader, string what)
    {
        var values = new Dictionary<int, ReadOnlyMemory<byte>>();
        int? count = reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            int label = reader.ReadInt32();
            if (!values.TryAdd(label, reader.ReadEncodedValue()))
            {
                throw new AceFormatException($"{what}: label {label} appears twice");
            }
        }
        reader.ReadEndMap();
        _ = count;
        return new AceMap(values);
    }

    public bool Has(int label) => _values.ContainsKey(label);

    public byte[] Bytes(int label, string what) => OptionalBytes(label, what) ?? throw Missing(label, what);

    public byte[]? OptionalBytes(int label, string what) => Get(label, what, static r => r.ReadByteString());

    public string Text(int label, string what) => OptionalText(label, what) ?? throw Missing(label, what);

    public string? OptionalText(int label, string what) => Get(label, what, static r => r.ReadTextString());

    public DateTimeOffset Time(int label, string what) => OptionalTime(label, what) ?? throw Missing(label, what);

    public DateTimeOffset? OptionalTime(int label, string what) =>
        Get<DateTimeOffset?>(label, what, static r => DateTimeOffset.FromUnixTimeSeconds(r.ReadInt64()));

    public bool Boolean(int label, string what) => Get<bool?>(label, what, static r => r.ReadBoolean()) ?? throw Missing(label, what);

    public AceMap? OptionalMap(int label, string what) => Get(label, what, r => Read(r, what));

    private T? Get<T>(int label, string what, Func<CborReader, T> read)
    {
        if (!_values.TryGetValue(label, out var encoded))
        {
            return default;
        }
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Strict);
            return read(reader);
        }
        catch (Exception exception) when (exception is InvalidOperationException or CborContentException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new AceFormatException($"{what}: label {label} has the wrong type", exception);
        }
    }

    private static AceFormatException Missing(int label, string what) => new($"{what}: label {label} is missing");
}
