using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// A P-256 public key (x‖y) imported into OpenSSL once and kept for repeated ES256 verification (importing costs
/// more than verifying). Each verification rents an ECDsa from a small pool, so concurrent callers never share one.
/// </summary>
public sealed class P256VerificationKey
{
    private const int PoolSize = 8;
    private readonly ConcurrentBag<ECDsa> _pool = [];
    private readonly ECParameters _parameters;

    private P256VerificationKey(byte[] rawKey, ECParameters parameters)
    {
        RawKey = rawKey;
        _parameters = parameters;
    }

    /// <summary>x‖y, 64 bytes.</summary>
    public byte[] RawKey { get; }

    /// <summary>The key for x‖y; throws <see cref="CryptographicException"/> when it is not a point on P-256.</summary>
    public static P256VerificationKey Import(ReadOnlySpan<byte> rawKey)
    {
        if (rawKey.Length != 2 * P256Operations.CoordinateLength)
        {
            throw new CryptographicException("A P-256 public key is 64 bytes (x‖y).");
        }
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = rawKey[..P256Operations.CoordinateLength].ToArray(), Y = rawKey[P256Operations.CoordinateLength..].ToArray() },
        };
        var key = new P256VerificationKey(rawKey.ToArray(), parameters);
        key.Return(ECDsa.Create(parameters)); // imports (and so validates) the point now
        return key;
    }

    /// <summary>ES256 over <paramref name="message"/>, signature r‖s (64 bytes).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != P256Operations.SignatureLength)
        {
            return false;
        }
        var ecdsa = _pool.TryTake(out var pooled) ? pooled : ECDsa.Create(_parameters);
        try
        {
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            Return(ecdsa);
        }
    }

    private void Return(ECDsa ecdsa)
    {
        if (_pool.Count < PoolSize)
        {
            _pool.Add(ecdsa);
        }
        else
        {
            ecdsa.Dispose();
        }
    }
}
