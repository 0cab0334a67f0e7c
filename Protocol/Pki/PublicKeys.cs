using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>The one key type this PKI certifies: id-ecPublicKey on secp256r1 (RFC 5480 section 2.1.1).</summary>
internal static class PublicKeys
{
    /// <summary>Refuses RSA and other algorithms, and EC keys on other curves, with distinct reasons.</summary>
    public static void RequireP256(PublicKey key)
    {
        if (key.Oid.Value != PkiOids.EcPublicKey)
        {
            throw new PkiException(PkiError.UnsupportedKeyAlgorithm, $"The key algorithm {key.Oid.Value} is not id-ecPublicKey.");
        }

        string? curve;
        try
        {
            // ECParameters ::= CHOICE { namedCurve OID, ... }; RFC 5480 section 2.1.1 allows only namedCurve.
            var reader = new AsnReader(key.EncodedParameters?.RawData ?? [], AsnEncodingRules.DER);
            curve = reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : null;
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException e)
        {
            throw new PkiException(PkiError.Malformed, "The EC key parameters are not well-formed.", e);
        }

        if (curve != PkiOids.Secp256r1)
        {
            throw new PkiException(PkiError.UnsupportedCurve, $"The EC key is on curve {curve ?? "(explicit parameters)"}, not P-256.");
        }
    }

    /// <summary>
    /// Opens the P-256 key for ES256 verification straight from the point the SubjectPublicKeyInfo carries (RFC 5480
    /// section 2.2), validated on the way; no SubjectPublicKeyInfo decode and key check in OpenSSL. Refuses a point not
    /// on the curve.
    /// </summary>
    public static P256VerificationKey OpenP256(PublicKey key)
    {
        RequireP256(key);
        try
        {
            return P256VerificationKey.FromEncodedPoint(key.EncodedKeyValue.RawData);
        }
        catch (CryptographicException e)
        {
            throw new PkiException(PkiError.Malformed, "The EC public key is not a valid P-256 point.", e);
        }
    }

    /// <summary>True when the certificate's public key is the public half of <paramref name="privateKey"/>.</summary>
    public static bool SameKey(X509Certificate2 certificate, ECDsa privateKey) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo());
}
