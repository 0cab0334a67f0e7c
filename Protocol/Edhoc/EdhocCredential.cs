namespace Eals.Protocol.Edhoc;

/// <summary>
/// An authentication credential (RFC 9528 section 3.5.2): CRED_x exactly as it enters the transcript
/// (a CCS map, or the DER certificate wrapped in a bstr), the ID_CRED_x that refers to it, and the
/// public key it carries.
/// </summary>
public sealed class EdhocCredential
{
    private EdhocCredential(byte[] value, EdhocIdCred idCred, EdhocPublicKey publicKey)
    {
        Value = value;
        IdCred = idCred;
        PublicKey = publicKey;
    }

    /// <summary>CRED_x as it enters context_2/3, TH_3 and TH_4.</summary>
    public byte[] Value { get; }

    public EdhocIdCred IdCred { get; }

    public EdhocPublicKey PublicKey { get; }

    /// <summary>
    /// A CWT Claims Set <c>{8: {1: COSE_Key}}</c> (RFC 8392, RFC 8747) with an EC2 or OKP key, referred
    /// to by kid: <paramref name="kid"/>, or the COSE_Key's own kid (label 2) when null.
    /// </summary>
    public static EdhocResult<EdhocCredential> FromCcs(byte[] ccs, byte[]? kid = null)
    {
        if (!CcsKeyReader.TryRead(ccs, out var key, out byte[]? keyKid, out string problem))
        {
            return new EdhocFailure(EdhocFailureKind.UnsuitableCredential, problem);
        }
        byte[]? chosen = kid ?? keyKid;
        if (chosen is null)
        {
            return new EdhocFailure(EdhocFailureKind.UnsuitableCredential, "CCS: no kid given and the COSE_Key has none");
        }
        return new EdhocCredential(ccs, EdhocIdCred.ForKid(chosen), key);
    }

    /// <summary>A CCS for a raw public key, referred to by <paramref name="kid"/> (how a party mints its own RPK credential).</summary>
    public static EdhocCredential FromRawPublicKey(EdhocPublicKey key, byte[] kid, string subject) =>
        new(CcsWriter.Write(key, kid, subject), EdhocIdCred.ForKid(kid), key);

    /// <summary>An X.509 certificate (DER) referred to by x5t or x5chain; CRED_x is the DER wrapped in a bstr.</summary>
    public static EdhocResult<EdhocCredential> FromX509(byte[] certificateDer, EdhocX509Reference reference)
    {
        if (!X509KeyReader.TryRead(certificateDer, out var key, out string problem))
        {
            return new EdhocFailure(EdhocFailureKind.UnsuitableCredential, problem);
        }
        var idCred = reference == EdhocX509Reference.X5Chain ? EdhocIdCred.ForX5Chain(certificateDer) : EdhocIdCred.ForX5t(certificateDer);
        return new EdhocCredential(EdhocCbor.EncodeByteString(certificateDer), idCred, key);
    }

    /// <summary>
    /// A certificate chain (DER, end-entity first) referred to by x5chain: ID_CRED carries the whole chain,
    /// CRED_x is the end-entity certificate wrapped in a bstr.
    /// </summary>
    public static EdhocResult<EdhocCredential> FromX509Chain(IReadOnlyList<byte[]> chain)
    {
        if (chain.Count == 0)
        {
            return new EdhocFailure(EdhocFailureKind.UnsuitableCredential, "x5chain: empty chain");
        }
        if (!X509KeyReader.TryRead(chain[0], out var key, out string problem))
        {
            return new EdhocFailure(EdhocFailureKind.UnsuitableCredential, problem);
        }
        return new EdhocCredential(EdhocCbor.EncodeByteString(chain[0]), EdhocIdCred.ForX5Chain(chain), key);
    }

    /// <summary>For an x5chain ID_CRED: the credential it carries (the caller must still decide to trust the certificate).</summary>
    public static EdhocResult<EdhocCredential> FromX5Chain(EdhocIdCred idCred) =>
        idCred.X5Chain is { } chain
            ? FromX509Chain(chain)
            : new EdhocFailure(EdhocFailureKind.UnknownCredential, "ID_CRED holds no x5chain");

    public override string ToString() => $"Credential({IdCred}, {PublicKey})";
}
