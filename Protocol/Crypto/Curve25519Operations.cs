using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Eals.Protocol.Crypto;

/// <summary>X25519 and Ed25519 through BouncyCastle (the BCL has neither).</summary>
internal static class Curve25519Operations
{
    public const int KeyLength = 32;
    public const int SignatureLength = 64;

    // u-coordinates of the points of order dividing 8 on Curve25519 and its twist, and their
    // non-canonical aliases (u + p < 2^255): any X25519 with them yields the all-zero secret.
    private static readonly byte[][] LowOrderPoints =
    [
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        Convert.FromHexString("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ];

    public static KeyPair GenerateX25519(IRandomSource random)
    {
        byte[] privateKey = new byte[KeyLength];
        random.Fill(privateKey);
        byte[] publicKey = new byte[KeyLength];
        X25519.ScalarMultBase(privateKey, 0, publicKey, 0);
        return new KeyPair(privateKey, publicKey, []);
    }

    public static KeyPair GenerateEd25519(IRandomSource random)
    {
        byte[] privateKey = new byte[KeyLength];
        random.Fill(privateKey);
        byte[] publicKey = new byte[KeyLength];
        Ed25519.GeneratePublicKey(privateKey, 0, publicKey, 0);
        return new KeyPair(privateKey, publicKey, []);
    }

    /// <summary>Length and low-order check; the top bit is ignored as RFC 7748 section 5 requires.</summary>
    public static bool IsValidX25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeyLength)
        {
            return false;
        }
        Span<byte> masked = stackalloc byte[KeyLength];
        publicKey.CopyTo(masked);
        masked[^1] &= 0x7f;
        foreach (byte[] lowOrder in LowOrderPoints)
        {
            if (masked.SequenceEqual(lowOrder))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>X25519; false when the result is all zero (RFC 9528 section 9.2).</summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, out byte[] sharedSecret)
    {
        sharedSecret = [];
        if (privateKey.Length != KeyLength || publicKey.Length != KeyLength)
        {
            return false;
        }
        byte[] result = new byte[KeyLength];
        if (!X25519.CalculateAgreement(privateKey.ToArray(), 0, publicKey.ToArray(), 0, result, 0))
        {
            return false;
        }
        sharedSecret = result;
        return true;
    }

    public static byte[] SignEd25519(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message)
    {
        byte[] signature = new byte[SignatureLength];
        byte[] messageBytes = message.ToArray();
        Ed25519.Sign(privateKey.ToArray(), 0, messageBytes, 0, messageBytes.Length, signature, 0);
        return signature;
    }

    public static bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != KeyLength || signature.Length != SignatureLength)
        {
            return false;
        }
        byte[] messageBytes = message.ToArray();
        try
        {
            return Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, messageBytes, 0, messageBytes.Length);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
