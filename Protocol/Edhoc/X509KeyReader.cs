using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.EC;

namespace Eals.Protocol.Edhoc;

/// <summary>Reads the subject public key of a DER certificate: Ed25519, X25519 or P-256.</summary>
internal static class X509KeyReader
{
    private const string Ed25519Oid = "1.3.101.112";
    private const string X25519Oid = "1.3.101.110";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static bool TryRead(byte[] der, [NotNullWhen(true)] out EdhocPublicKey? key, out string problem)
    {
        key = null;
        problem = "";
        try
        {
            var certificate = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
            var info = certificate.SubjectPublicKeyInfo;
            byte[] bits = info.PublicKey.GetOctets();
            string algorithm = info.Algorithm.Algorithm.Id;
            key = algorithm switch
            {
                Ed25519Oid when bits.Length == 32 => new EdhocPublicKey(EdhocKeyType.Ed25519, bits, []),
                X25519Oid when bits.Length == 32 => new EdhocPublicKey(EdhocKeyType.X25519, bits, []),
                EcPublicKeyOid when info.Algorithm.Parameters is DerObjectIdentifier { Id: P256Oid } => P256Key(bits),
                _ => null,
            };
            problem = key is null ? $"X.509: unsupported subject key algorithm {algorithm}" : "";
            return key is not null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            problem = $"X.509: {e.Message}";
            return false;
        }
    }

    private static EdhocPublicKey P256Key(byte[] encodedPoint)
    {
        var point = CustomNamedCurves.GetByName("secp256r1").Curve.DecodePoint(encodedPoint).Normalize();
        return new EdhocPublicKey(EdhocKeyType.P256, point.AffineXCoord.GetEncoded(), point.AffineYCoord.GetEncoded());
    }
}
