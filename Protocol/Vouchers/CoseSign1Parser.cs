using System.Formats.Cbor;
using Eals.Protocol.Cbor;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Parses a COSE_Sign1 (RFC 9052 section 4.2) strictly:
/// <code>
/// COSE_Sign1_Tagged = #6.18(COSE_Sign1)           ; tagged and untagged are both accepted (the CoAP
/// COSE_Sign1 = [ protected : bstr .cbor header_map, ;  Content-Format already says what it is), any other
///                unprotected : header_map,         ;  tag is refused
///                payload : bstr,                   ; nil (detached payload) is refused
///                signature : bstr ]
/// </code>
/// The protected header must be a non-empty, deterministically encoded map holding alg (-7 ES256 or -8
/// EdDSA); crit (RFC 9052 section 3.1) must sit in the protected header, be non-empty and name only labels
/// present there that this code understands; no label may stand in both buckets; x5chain (RFC 9360 section 2,
/// label 33) is one bstr or an array of bstr (a one-element array is tolerated); kid is a bstr. No bytes may
/// follow the structure. Unknown non-critical header parameters are ignored, as RFC 9052 section 3 allows.
/// </summary>
internal static class CoseSign1Parser
{
    public const int Tag = 18;

    public static CoseSign1Message Parse(ReadOnlySpan<byte> coseSign1)
    {
        if (DeterministicCbor.Check(coseSign1) == CborEncodingCheck.Malformed)
        {
            throw Malformed("The COSE_Sign1 is not well-formed CBOR.");
        }
        var reader = new CborReader(coseSign1.ToArray(), CborConformanceMode.Strict);
        try
        {
            if (reader.PeekState() == CborReaderState.Tag && reader.ReadTag() != (CborTag)Tag)
            {
                throw Malformed("The COSE object carries a tag other than 18 (COSE_Sign1).");
            }
            if (reader.PeekState() != CborReaderState.StartArray || reader.ReadStartArray() != 4)
            {
                throw Malformed("A COSE_Sign1 is an array of four items.");
            }
            byte[] protectedHeader = ReadByteString(reader, "protected header");
            var protectedLabels = ParseProtected(protectedHeader, out int algorithm, out var protectedValues);
            var unprotectedValues = ReadHeaderMap(reader, "unprotected header");
            foreach (var label in unprotectedValues.Keys)
            {
                if (protectedLabels.Contains(label))
                {
                    throw Malformed($"The header parameter {label} stands in both the protected and the unprotected header.");
                }
                if (label is HeaderLabel.Int(CoseHeaderLabels.Algorithm) or HeaderLabel.Int(CoseHeaderLabels.Critical))
                {
                    throw Malformed("alg and crit belong in the protected header.");
                }
            }
            if (reader.PeekState() == CborReaderState.Null)
            {
                throw Malformed("Detached payloads are not accepted.");
            }
            byte[] payload = ReadByteString(reader, "payload");
            byte[] signature = ReadByteString(reader, "signature");
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw Malformed($"{reader.BytesRemaining} bytes follow the COSE_Sign1.");
            }
            var all = protectedValues.Concat(unprotectedValues).ToDictionary();
            var x5chain = ReadX5Chain(all);
            var kid = ReadOptional(all, CoseHeaderLabels.KeyId, CborReaderState.ByteString, "kid", static r => r.ReadByteString());
            return new CoseSign1Message(protectedHeader, new SignedObject(payload, x5chain, kid, algorithm), signature);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw Malformed("The COSE_Sign1 structure is not well-formed.", e);
        }
    }

    private static HashSet<HeaderLabel> ParseProtected(byte[] encoded, out int algorithm, out Dictionary<HeaderLabel, ReadOnlyMemory<byte>> values)
    {
        if (encoded.Length == 0)
        {
            throw Malformed("The protected header is empty; it must hold alg.");
        }
        switch (DeterministicCbor.Check(encoded))
        {
            case CborEncodingCheck.Malformed:
                throw Malformed("The protected header is not well-formed CBOR.");
            case CborEncodingCheck.NotDeterministic:
                throw new VoucherException(VoucherError.NonDeterministicEncoding, "The protected header is not deterministically encoded.");
        }
        var reader = new CborReader(encoded, CborConformanceMode.Strict);
        values = ReadHeaderMap(reader, "protected header");
        if (reader.BytesRemaining != 0)
        {
            throw Malformed("Bytes follow the protected header map.");
        }
        if (!values.TryGetValue(new HeaderLabel.Int(CoseHeaderLabels.Algorithm), out var alg))
        {
            throw Malformed("The protected header lacks alg.");
        }
        var algReader = new CborReader(alg, CborConformanceMode.Strict);
        algorithm = algReader.PeekState() is CborReaderState.NegativeInteger or CborReaderState.UnsignedInteger
            && algReader.ReadInt64() is var value && value is (long)SignatureAlgorithm.Es256 or (long)SignatureAlgorithm.EdDsa
            ? (int)value
            : throw new VoucherException(VoucherError.UnsupportedAlgorithm, "The COSE algorithm is neither ES256 (-7) nor EdDSA (-8).");
        CheckCritical(values);
        return [.. values.Keys];
    }

    private static void CheckCritical(Dictionary<HeaderLabel, ReadOnlyMemory<byte>> protectedValues)
    {
        if (!protectedValues.TryGetValue(new HeaderLabel.Int(CoseHeaderLabels.Critical), out var crit))
        {
            return;
        }
        var reader = new CborReader(crit, CborConformanceMode.Strict);
        int? count = reader.PeekState() == CborReaderState.StartArray ? reader.ReadStartArray() : null;
        if (count is not > 0)
        {
            throw Malformed("crit must be a non-empty array of labels.");
        }
        for (int i = 0; i < count; i++)
        {
            var label = ReadLabel(reader, "crit");
            if (label is not HeaderLabel.Int(var number) || !CoseHeaderLabels.IsUnderstood(number))
            {
                throw new VoucherException(VoucherError.UnknownKey, $"The critical header parameter {label} is not understood.");
            }
            if (!protectedValues.ContainsKey(label))
            {
                throw Malformed($"crit names {label}, which the protected header lacks.");
            }
        }
    }

    private static List<byte[]> ReadX5Chain(Dictionary<HeaderLabel, ReadOnlyMemory<byte>> headers)
    {
        if (!headers.TryGetValue(new HeaderLabel.Int(CoseHeaderLabels.X5Chain), out var encoded))
        {
            return [];
        }
        var reader = new CborReader(encoded, CborConformanceMode.Strict);
        switch (reader.PeekState())
        {
            case CborReaderState.ByteString:
                return [reader.ReadByteString()];
            case CborReaderState.StartArray:
                int? count = reader.ReadStartArray();
                if (count is not > 0)
                {
                    throw Malformed("x5chain is an empty array.");
                }
                var chain = new List<byte[]>();
                for (int i = 0; i < count; i++)
                {
                    chain.Add(ReadByteString(reader, "x5chain certificate"));
                }
                return chain;
            default:
                throw Malformed("x5chain is neither a bstr nor an array of bstr.");
        }
    }

    private static T? ReadOptional<T>(Dictionary<HeaderLabel, ReadOnlyMemory<byte>> headers, long label, CborReaderState expected, string name, Func<CborReader, T> read)
        where T : class
    {
        if (!headers.TryGetValue(new HeaderLabel.Int(label), out var encoded))
        {
            return null;
        }
        var reader = new CborReader(encoded, CborConformanceMode.Strict);
        return reader.PeekState() == expected ? read(reader) : throw Malformed($"The header parameter {name} has the wrong type.");
    }

    private static Dictionary<HeaderLabel, ReadOnlyMemory<byte>> ReadHeaderMap(CborReader reader, string what)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            throw Malformed($"The {what} is not a map.");
        }
        int? count = reader.ReadStartMap();
        var values = new Dictionary<HeaderLabel, ReadOnlyMemory<byte>>();
        for (int i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            var label = ReadLabel(reader, what);
            if (!values.TryAdd(label, reader.ReadEncodedValue()))
            {
                throw Malformed($"The {what} repeats the label {label}.");
            }
        }
        reader.ReadEndMap();
        return values;
    }

    /// <summary><c>label = int / tstr</c> (RFC 9052 section 3).</summary>
    private static HeaderLabel ReadLabel(CborReader reader, string what) => reader.PeekState() switch
    {
        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => new HeaderLabel.Int(reader.ReadInt64()),
        CborReaderState.TextString => new HeaderLabel.Text(reader.ReadTextString()),
        _ => throw Malformed($"A label in the {what} is neither an integer nor a text string."),
    };

    private static byte[] ReadByteString(CborReader reader, string what) =>
        reader.PeekState() == CborReaderState.ByteString ? reader.ReadByteString() : throw Malformed($"The {what} is not a byte string.");

    private static VoucherException Malformed(string message) => new(VoucherError.Malformed, message);

    private static VoucherException Malformed(string message, Exception inner) => new(VoucherError.Malformed, message, inner);
}
