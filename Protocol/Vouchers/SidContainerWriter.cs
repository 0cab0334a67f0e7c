using System.Formats.Cbor;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Writes one YANG-CBOR container <c>{ container-SID: { delta: value, ... } }</c> (RFC 9254 section 3.2),
/// deterministically (RFC 8949 section 4.2.1): callers add leaves in increasing SID order, absent leaves
/// (null) are left out, and the map lengths become definite on <see cref="Encode"/>.
/// </summary>
internal sealed class SidContainerWriter
{
    private readonly CborWriter _writer = new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
    private readonly ulong _container;
    private ulong _lastDelta;

    public SidContainerWriter(ulong containerSid)
    {
        _container = containerSid;
        _writer.WriteStartMap(1);
        _writer.WriteUInt64(containerSid);
        _writer.WriteStartMap(null);
    }

    public SidContainerWriter Text(ulong leafSid, string? value) => value is null ? this : Key(leafSid, w => w.WriteTextString(value));

    public SidContainerWriter Bytes(ulong leafSid, byte[]? value) => value is null ? this : Key(leafSid, w => w.WriteByteString(value));

    public SidContainerWriter Boolean(ulong leafSid, bool? value) => value is null ? this : Key(leafSid, w => w.WriteBoolean(value.Value));

    public SidContainerWriter DateAndTime(ulong leafSid, DateTimeOffset? value) =>
        value is null ? this : Text(leafSid, YangDateTime.Format(value.Value));

    public SidContainerWriter Assertion(ulong leafSid, VoucherAssertion? value)
    {
        if (value is null)
        {
            return this;
        }
        if (!Enum.IsDefined(value.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Not an RFC 8366 assertion.");
        }
        return Key(leafSid, w => w.WriteUInt64((ulong)value.Value));
    }

    public byte[] Encode()
    {
        _writer.WriteEndMap();
        _writer.WriteEndMap();
        return _writer.Encode();
    }

    private SidContainerWriter Key(ulong leafSid, Action<CborWriter> writeValue)
    {
        ulong delta = VoucherSids.Delta(_container, leafSid);
        if (delta <= _lastDelta)
        {
            throw new InvalidOperationException("Leaves must be written in increasing SID order.");
        }
        _lastDelta = delta;
        _writer.WriteUInt64(delta);
        writeValue(_writer);
        return this;
    }
}
