using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// ID_CRED_x (RFC 9528 section 3.5.3): a map of COSE header parameters identifying a credential.
/// <see cref="Encoded"/> is the full map, as used in context_2/3 and the Sig_structure; messages carry the
/// compact form (a lone kid as the kid itself, as an int where possible; section 3.5.3.2).
/// </summary>
public sealed class EdhocIdCred
{
    public const int KidLabel = 4;
    public const int X5ChainLabel = 33;
    public const int X5tLabel = 34;
    public const int Sha256Truncated64 = -15;

    private EdhocIdCred(byte[] encoded, byte[]? kid, byte[]? x5tHash, IReadOnlyList<byte[]>? x5Chain)
    {
        Encoded = encoded;
        Kid = kid;
        X5tHash = x5tHash;
        X5Chain = x5Chain;
    }

    /// <summary>The full ID_CRED map.</summary>
    public byte[] Encoded { get; }

    /// <summary>The kid, when the map holds exactly a kid.</summary>
    public byte[]? Kid { get; }

    /// <summary>The x5t thumbprint (SHA-256/64), when the map holds an x5t.</summary>
    public byte[]? X5tHash { get; }

    /// <summary>The certificates (DER, end-entity first), when the map holds an x5chain.</summary>
    public IReadOnlyList<byte[]>? X5Chain { get; }

    /// <summary>The end-entity certificate (DER), when the map holds an x5chain.</summary>
    public byte[]? X5ChainFirstCertificate => X5Chain?[0];

    public static EdhocIdCred ForKid(ReadOnlySpan<byte> kid)
    {
        byte[] value = kid.ToArray();
        return Build(KidLabel, w => w.WriteByteString(value));
    }

    /// <summary><c>{34: [-15, SHA-256/64(DER)]}</c> (RFC 9360).</summary>
    public static EdhocIdCred ForX5t(ReadOnlySpan<byte> certificateDer)
    {
        byte[] hash = SHA256.HashData(certificateDer)[..8];
        return Build(X5tLabel, w =>
        {
            w.WriteStartArray(2);
            w.WriteInt32(Sha256Truncated64);
            w.WriteByteString(hash);
            w.WriteEndArray();
        });
    }

    /// <summary><c>{33: DER}</c>: a chain of one certificate is a bare bstr (RFC 9360).</summary>
    public static EdhocIdCred ForX5Chain(ReadOnlySpan<byte> certificateDer) => ForX5Chain([certificateDer.ToArray()]);

    /// <summary><c>{33: [DER, ...]}</c>, end-entity certificate first; one certificate is a bare bstr (RFC 9360).</summary>
    public static EdhocIdCred ForX5Chain(IReadOnlyList<byte[]> chain)
    {
        ArgumentOutOfRangeException.ThrowIfZero(chain.Count);
        return Build(X5ChainLabel, w =>
        {
            if (chain.Count == 1)
            {
                w.WriteByteString(chain[0]);
                return;
            }
            w.WriteStartArray(chain.Count);
            foreach (byte[] certificate in chain)
            {
                w.WriteByteString(certificate);
            }
            w.WriteEndArray();
        });
    }

    /// <summary>Parses a full ID_CRED map (deterministic CBOR).</summary>
    public static EdhocResult<EdhocIdCred> Decode(byte[] encoded)
    {
        try
        {
            return EdhocCbor.Parse(encoded, "ID_CRED", reader => FromMap(reader.ReadEncodedValue().ToArray()));
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    /// <summary>True when <paramref name="certificateDer"/> is the certificate this ID_CRED refers to (x5t or x5chain).</summary>
    public bool RefersToCertificate(ReadOnlySpan<byte> certificateDer) =>
        (X5tHash is not null && SHA256.HashData(certificateDer).AsSpan(0, 8).SequenceEqual(X5tHash))
        || (X5ChainFirstCertificate is not null && certificateDer.SequenceEqual(X5ChainFirstCertificate));

    public override string ToString() => $"ID_CRED({Convert.ToHexStringLower(Encoded)})";

    /// <summary>Writes the compact form used in PLAINTEXT_2 and PLAINTEXT_3.</summary>
    internal void WriteCompact(CborWriter writer)
    {
        if (Kid is not null)
        {
            EdhocCbor.WriteIdentifier(writer, Kid);
        }
        else
        {
            writer.WriteEncodedValue(Encoded);
        }
    }

    /// <summary>Reads the compact form, rejecting a kid-only map and a bstr kid that should have been an int (RFC 9529 4.1.6, 4.1.7).</summary>
    internal static EdhocIdCred ReadCompact(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            return ForKid(EdhocCbor.ReadIdentifier(reader, "ID_CRED kid"));
        }
        var idCred = FromMap(reader.ReadEncodedValue().ToArray());
        if (idCred.Kid is not null)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "ID_CRED: a kid-only map must be sent as the kid (not compact)");
        }
        return idCred;
    }

    private static EdhocIdCred Build(int label, Action<CborWriter> writeValue)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(1);
        writer.WriteInt32(label);
        writeValue(writer);
        writer.WriteEndMap();
        return FromMap(writer.Encode());
    }

    private static EdhocIdCred FromMap(byte[] encoded)
    {
        // Lax: callers have already checked determinism (RFC 8949 key order) or built the map themselves.
        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        int? count = reader.ReadStartMap();
        if (count is null or 0)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "ID_CRED: empty map");
        }
        byte[]? kid = null, x5t = null;
        IReadOnlyList<byte[]>? x5chain = null;
        for (int i = 0; i < count; i++)
        {
            if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            {
                reader.SkipValue();
                reader.SkipValue();
                continue;
            }
            switch (reader.ReadInt32())
            {
                case KidLabel when count == 1:
                    kid = EdhocCbor.ReadByteString(reader, "ID_CRED kid");
                    break;
                case X5tLabel:
                    reader.ReadStartArray();
                    if (EdhocCbor.ReadInteger(reader, "x5t alg") != Sha256Truncated64)
                    {
                        throw EdhocProtocolException.Of(EdhocFailureKind.UnknownCredential, "x5t: only SHA-256/64 (-15) is supported");
                    }
                    x5t = EdhocCbor.ReadByteString(reader, "x5t hash");
                    reader.ReadEndArray();
                    break;
                case X5ChainLabel:
                    x5chain = ReadChain(reader);
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        }
        reader.ReadEndMap();
        return new EdhocIdCred(encoded, kid, x5t, x5chain);
    }

    private static IReadOnlyList<byte[]> ReadChain(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.ByteString)
        {
            return [reader.ReadByteString()];
        }
        int? count = reader.ReadStartArray();
        if (count is null or < 2)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "x5chain: one certificate must be a bstr, several an array");
        }
        var chain = new byte[count.Value][];
        for (int i = 0; i < chain.Length; i++)
        {
            chain[i] = EdhocCbor.ReadByteString(reader, "x5chain certificate");
        }
        reader.ReadEndArray();
        return chain;
    }
}
