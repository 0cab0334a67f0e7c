using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// Reads the COSE_Key of a CWT Claims Set:
/// <code>
/// { 8 (cnf): { 1 (COSE_Key): { 1 (kty): 1 OKP / 2 EC2, ? 2 (kid): bstr, -1 (crv): 1 P-256 / 4 X25519 / 6 Ed25519, -2 (x): bstr, ? -3 (y): bstr } } }
/// </code>
/// Credentials come from the application or a trusted store, so this is lax about key order.
/// </summary>
internal static class CcsKeyReader
{
    private const int CnfClaim = 8;
    private const int CoseKeyConfirmation = 1;

    public static bool TryRead(byte[] ccs, [NotNullWhen(true)] out EdhocPublicKey? key, out byte[]? kid, out string problem)
    {
        key = null;
        kid = null;
        problem = "";
        try
        {
            var reader = new CborReader(ccs, CborConformanceMode.Lax);
            var coseKey = FindMapEntry(reader, CnfClaim, r => FindMapEntry(r, CoseKeyConfirmation, ReadCoseKey));
            if (reader.PeekState() != CborReaderState.Finished)
            {
                problem = "CCS: trailing data";
                return false;
            }
            if (coseKey is null)
            {
                problem = "CCS: no cnf/COSE_Key";
                return false;
            }
            (key, kid) = coseKey.Value;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            problem = $"CCS: {e.Message}";
            return false;
        }
    }

    private static T? FindMapEntry<T>(CborReader reader, int label, Func<CborReader, T> readValue)
    {
        int? count = reader.ReadStartMap();
        T? found = default;
        for (int i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            bool intKey = reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger;
            if (intKey && reader.ReadInt32() == label)
            {
                found = readValue(reader);
                continue;
            }
            if (!intKey)
            {
                reader.SkipValue();
            }
            reader.SkipValue();
        }
        reader.ReadEndMap();
        return found;
    }

    private static (EdhocPublicKey Key, byte[]? Kid)? ReadCoseKey(CborReader reader)
    {
        int kty = 0, crv = 0;
        byte[]? kid = null, x = null, y = null;
        int? count = reader.ReadStartMap();
        for (int i = 0; count is null ? reader.PeekState() != CborReaderState.EndMap : i < count; i++)
        {
            switch (reader.ReadInt32())
            {
                case 1: kty = reader.ReadInt32(); break;
                case 2: kid = reader.ReadByteString(); break;
                case -1: crv = reader.ReadInt32(); break;
                case -2: x = reader.ReadByteString(); break;
                case -3 when reader.PeekState() == CborReaderState.ByteString: y = reader.ReadByteString(); break;
                default: reader.SkipValue(); break;
            }
        }
        reader.ReadEndMap();
        EdhocPublicKey? key = (kty, crv) switch
        {
            (1, 6) when x?.Length == 32 => new EdhocPublicKey(EdhocKeyType.Ed25519, x, []),
            (1, 4) when x?.Length == 32 => new EdhocPublicKey(EdhocKeyType.X25519, x, []),
            (2, 1) when x?.Length == 32 && (y is null || y.Length == 32) => new EdhocPublicKey(EdhocKeyType.P256, x, y ?? []),
            _ => null,
        };
        return key is null ? throw new FormatException($"unsupported COSE_Key kty {kty} crv {crv}") : (key, kid);
    }
}
