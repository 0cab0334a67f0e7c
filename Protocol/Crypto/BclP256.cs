using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// P-256 through the BCL's ECDiffieHellman and ECDsa: portable, and the fallback where libcrypto 3 cannot be called
/// directly. Every import of a key has OpenSSL (on Linux) check it in full, an extra scalar multiplication or two
/// per call, which is why <see cref="OpenSslP256"/> is preferred where it works.
/// </summary>
internal sealed class BclP256 : IP256Backend
{
    public static BclP256 Instance { get; } = new();

    public string Name => "BCL";

    public byte[] PublicKey(ReadOnlySpan<byte> privateKey)
    {
        using var ecdh = ECDiffieHellman.Create(PrivateParameters(privateKey));
        var q = ecdh.ExportParameters(false).Q;
        return [.. q.X!, .. q.Y!];
    }

    public bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerX, ReadOnlySpan<byte> peerY, out byte[] sharedSecret)
    {
        sharedSecret = [];
        try
        {
            using var own = ECDiffieHellman.Create(PrivateParameters(privateKey));
            using var peer = ECDiffieHellman.Create(PublicParameters(peerX, peerY));
            using var peerKey = peer.PublicKey;
            sharedSecret = own.DeriveRawSecretAgreement(peerKey);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, DSASignatureFormat format)
    {
        using var ecdsa = ECDsa.Create(PrivateParameters(privateKey));
        return ecdsa.SignData(message, HashAlgorithmName.SHA256, format);
    }

    public IP256PublicKey ImportPublicKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => new BclP256PublicKey(PublicParameters(x, y));

    internal static ECParameters PrivateParameters(ReadOnlySpan<byte> d) => new() { Curve = ECCurve.NamedCurves.nistP256, D = d.ToArray() };

    internal static ECParameters PublicParameters(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) =>
        new() { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x.ToArray(), Y = y.ToArray() } };
}
