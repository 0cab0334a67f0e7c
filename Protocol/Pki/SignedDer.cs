using System.Formats.Asn1;
using System.Security.Cryptography;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// The envelope shared by X.509 certificates (RFC 5280 section 4.1) and PKCS#10 requests (RFC 2986 section 4.2):
/// <code>
/// SEQUENCE {
///   toBeSigned          SEQUENCE { ... },    -- TBSCertificate / CertificationRequestInfo
///   signatureAlgorithm  AlgorithmIdentifier,
///   signature           BIT STRING }
/// </code>
/// Read strictly as DER; only ecdsa-with-SHA256 signatures are verified (the one algorithm this PKI uses).
/// </summary>
internal readonly record struct SignedDer(ReadOnlyMemory<byte> ToBeSigned, string SignatureAlgorithm, bool AlgorithmHasParameters, ReadOnlyMemory<byte> Signature)
{
    /// <summary>Splits <paramref name="der"/>; the whole input must be the one SEQUENCE.</summary>
    public static SignedDer Read(ReadOnlyMemory<byte> der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var toBeSigned = outer.ReadEncodedValue();
            if (!new AsnReader(toBeSigned, AsnEncodingRules.DER).PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                throw new PkiException(PkiError.Malformed, "The signed part is not a SEQUENCE.");
            }

            var algorithm = outer.ReadSequence();
            var algorithmOid = algorithm.ReadObjectIdentifier();
            bool hasParameters = algorithm.HasData;
            if (hasParameters)
            {
                algorithm.ReadEncodedValue();
            }

            algorithm.ThrowIfNotEmpty();

            var signature = outer.ReadBitString(out int unusedBits);
            outer.ThrowIfNotEmpty();
            if (unusedBits != 0)
            {
                throw new PkiException(PkiError.Malformed, "The signature BIT STRING has unused bits.");
            }

            return new SignedDer(toBeSigned, algorithmOid, hasParameters, signature);
        }
        catch (AsnContentException e)
        {
            throw new PkiException(PkiError.Malformed, "Not a DER signed structure.", e);
        }
    }

    /// <summary>Refuses any algorithm but ecdsa-with-SHA256, then checks the signature under <paramref name="key"/>.</summary>
    public void Verify(ECDsa key, string what)
    {
        RequireEcdsaWithSha256(what);
        // RFC 5480 section 2.2 / RFC 3279 section 2.2.3: the BIT STRING holds Ecdsa-Sig-Value (DER SEQUENCE { r, s }).
        bool valid;
        try
        {
            valid = key.VerifyData(ToBeSigned.Span, Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            valid = false;
        }
        RequireValid(valid, what);
    }

    /// <summary>As <see cref="Verify(ECDsa, string)"/> with a P-256 key opened by <see cref="PublicKeys.OpenP256"/>.</summary>
    public void Verify(P256VerificationKey key, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireEcdsaWithSha256(what);
        RequireValid(key.Verify(ToBeSigned.Span, Signature.Span, DSASignatureFormat.Rfc3279DerSequence), what);
    }

    private void RequireEcdsaWithSha256(string what)
    {
        if (SignatureAlgorithm != PkiOids.EcdsaWithSha256)
        {
            throw new PkiException(PkiError.UnsupportedSignatureAlgorithm, $"The {what} is signed with {SignatureAlgorithm}, not ecdsa-with-SHA256.");
        }

        if (AlgorithmHasParameters)
        {
            throw new PkiException(PkiError.Malformed, $"The {what}'s ecdsa-with-SHA256 identifier has parameters; RFC 5758 section 3.2 says they are absent.");
        }
    }

    private static void RequireValid(bool valid, string what)
    {
        if (!valid)
        {
            throw new PkiException(PkiError.BadSignature, $"The {what}'s signature does not verify.");
        }
    }
}
