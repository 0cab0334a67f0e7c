using System.Text;

namespace Eals.Protocol.Coap;

/// <summary>One option instance: its number and raw value bytes (RFC 7252 section 3.1).</summary>
public readonly struct CoapOption : IEquatable<CoapOption>
{
    public CoapOption(ushort number, ReadOnlyMemory<byte> value)
    {
        Number = number;
        Value = value;
    }

    public ushort Number { get; }
    public ReadOnlyMemory<byte> Value { get; }

    public static CoapOption FromUInt(ushort number, uint value) => new(number, CoapUInt.Encode(value));
    public static CoapOption FromString(ushort number, string value) => new(number, Encoding.UTF8.GetBytes(value));
    public static CoapOption Empty(ushort number) => new(number, ReadOnlyMemory<byte>.Empty);

    /// <summary>The value read as a uint; false when it is longer than 4 bytes.</summary>
    public bool TryGetUInt(out uint value) => CoapUInt.TryDecode(Value.Span, out value);

    public uint GetUInt() => TryGetUInt(out var v) ? v : throw new FormatException($"Option {Number} is not a uint of at most 4 bytes.");

    public string GetString() => Encoding.UTF8.GetString(Value.Span);

    public bool Equals(CoapOption other) => Number == other.Number && Value.Span.SequenceEqual(other.Value.Span);
    public override bool Equals(object? obj) => obj is CoapOption other && Equals(other);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Number);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(CoapOption left, CoapOption right) => left.Equals(right);
    public static bool operator !=(CoapOption left, CoapOption right) => !left.Equals(right);

    public override string ToString() => $"{CoapOptionRegistry.Default.NameOf(Number)}: {Convert.ToHexString(Value.Span)}";
}
