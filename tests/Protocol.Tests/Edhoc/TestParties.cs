using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Mints identities (key pairs and credentials of every supported form) for handshake tests.</summary>
internal static class TestParties
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;
    private static readonly Ed25519PrivateKeyParameters RootKey = new(new byte[32]);

    /// <summary>An identity that can authenticate as a signer or by static DH under <paramref name="suite"/>.</summary>
    public static EdhocIdentity Create(EdhocCipherSuite suite, bool signs, CredentialKind kind, byte[] kid, IRandomSource random)
    {
        KeyPair keys = signs ? Crypto.GenerateSigningKeyPair(suite.SignatureAlgorithm, random) : Crypto.GenerateKeyPair(suite.Curve, random);
        EdhocKeyType type = suite.Id == 2 ? EdhocKeyType.P256 : signs ? EdhocKeyType.Ed25519 : EdhocKeyType.X25519;
        var credential = kind switch
        {
            CredentialKind.CcsKid => EdhocCredential.FromCcs(EdhocCredential.FromRawPublicKey(new EdhocPublicKey(type, keys.PublicKey, keys.PublicKeyY), kid, "test").Value, kid).Value,
            CredentialKind.X5t => EdhocCredential.FromX509(Certificate(type, keys), EdhocX509Reference.X5t).Value,
            _ => EdhocCredential.FromX509(Certificate(type, keys), EdhocX509Reference.X5Chain).Value,
        };
        return new EdhocIdentity(credential, keys.PrivateKey);
    }

    /// <summary>A certificate for the key, issued by a fixed Ed25519 test root.</summary>
    public static byte[] Certificate(EdhocKeyType type, KeyPair keys)
    {
        AsymmetricKeyParameter subjectKey = type switch
        {
            EdhocKeyType.Ed25519 => new Ed25519PublicKeyParameters(keys.PublicKey),
            EdhocKeyType.X25519 => new X25519PublicKeyParameters(keys.PublicKey),
            _ => P256Key(keys),
        };
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.One);
        generator.SetIssuerDN(new X509Name("CN=EDHOC test root"));
        generator.SetSubjectDN(new X509Name("CN=EDHOC test party"));
        generator.SetNotBefore(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        generator.SetNotAfter(new DateTime(2034, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        generator.SetPublicKey(subjectKey);
        return generator.Generate(new Asn1SignatureFactory("Ed25519", RootKey)).GetEncoded();
    }

    private static ECPublicKeyParameters P256Key(KeyPair keys)
    {
        var curve = CustomNamedCurves.GetByName("secp256r1").Curve;
        var point = curve.CreatePoint(new BigInteger(1, keys.PublicKey), new BigInteger(1, keys.PublicKeyY));
        return new ECPublicKeyParameters("EC", point, SecObjectIdentifiers.SecP256r1);
    }
}
