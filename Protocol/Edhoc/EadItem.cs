using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// One External Authorization Data item (RFC 9528 section 3.8): <c>ead = (ead_label: int, ? ead_value: bstr)</c>.
/// A negative label marks the item critical; label 0 is padding.
/// </summary>
public sealed record EadItem(int Label, byte[]? Value = null)
{
    public const int PaddingLabel = 0;

    public bool IsCritical => Label < 0;

    /// <summary>The EAD field: the items as a CBOR sequence (empty when there are none).</summary>
    public static byte[] EncodeSequence(IReadOnlyList<EadItem> items)
    {
        var writer = EdhocCbor.Writer();
        Write(writer, items);
        return writer.BytesWritten == 0 ? [] : writer.Encode();
    }

    public static EdhocResult<IReadOnlyList<EadItem>> DecodeSequence(byte[] ead)
    {
        try
        {
            return EdhocResult<IReadOnlyList<EadItem>>.Success(EdhocCbor.Parse(ead, "EAD", ReadAll));
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    public override string ToString() => Value is null ? $"EAD({Label})" : $"EAD({Label}, {Value.Length} bytes)";

    internal static void Write(CborWriter writer, IReadOnlyList<EadItem> items)
    {
        foreach (var item in items)
        {
            writer.WriteInt32(item.Label);
            if (item.Value is not null)
            {
                writer.WriteByteString(item.Value);
            }
        }
    }

    /// <summary>Reads the EAD items that end a message; every remaining element must belong to one.</summary>
    internal static IReadOnlyList<EadItem> ReadAll(CborReader reader)
    {
        var items = new List<EadItem>();
        while (reader.PeekState() != CborReaderState.Finished)
        {
            int label = EdhocCbor.ReadInteger(reader, "ead_label");
            byte[]? value = reader.PeekState() == CborReaderState.ByteString ? reader.ReadByteString() : null;
            items.Add(new EadItem(label, value));
        }
        return items;
    }

    /// <summary>
    /// RFC 9528 section 3.8: drop padding, abort on a critical item the application does not
    /// understand, hand the rest to the application.
    /// </summary>
    internal static IReadOnlyList<EadItem> Filter(IReadOnlyList<EadItem> items, IReadOnlySet<int> understoodLabels)
    {
        foreach (var item in items)
        {
            if (item.IsCritical && !understoodLabels.Contains(item.Label))
            {
                throw EdhocProtocolException.Of(EdhocFailureKind.UnknownCriticalEad, $"critical EAD label {item.Label} not understood");
            }
        }
        return [.. items.Where(i => i.Label != PaddingLabel)];
    }
}
