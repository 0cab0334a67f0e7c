using System.Formats.Cbor;
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
            CredentialKind.CcsKid => EdhocCredential.FromCcs(Ccs(type, keys, kid)).Value,
            CredentialKind.X5t => EdhocCredential.FromX509(Certificate(type, keys), EdhocX509Reference.X5t).Value,
            _ => EdhocCredential.FromX509(Certificate(type, keys), EdhocX509Reference.X5Chain).Value,
        };
        return new EdhocIdentity(credential, keys.PrivateKey);
    }

    /// <summary><c>{2: "test", 8: {1: COSE_Key}}</c> with an OKP or EC2 key and its kid.</summary>
    public static byte[] Ccs(EdhocKeyType type, KeyPair keys, byte[] kid)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteInt32(2);
        writer.WriteTextString("test");
        writer.WriteInt32(8);
        writer.WriteStartMap(1);
        writer.WriteInt32(1);
        bool ec2 = type == EdhocKeyType.P256;
        writer.WriteStartMap(ec2 ? 5 : 4);
        writer.WriteInt32(1);
        writer.WriteInt32(ec2 ? 2 : 1);
        writer.WriteInt32(2);
        writer.WriteByteString(kid);
        writer.WriteInt32(-1);
        writer.WriteInt32(type switch { EdhocKeyType.P256 => 1, EdhocKeyType.X25519 => 4, _ => 6 });
        writer.WriteInt32(-2);
        writer.WriteByteString(keys.PublicKey);
        if (ec2)
        {
            writer.WriteInt32(-3);
            writer.WriteByteString(keys.PublicKeyY);
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
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
