using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>
/// A public key for <see cref="BclP256"/>: importing costs more than verifying, so imported ECDsa objects are kept in a
/// small pool; each verification rents one, so concurrent callers never share one.
/// </summary>
internal sealed class BclP256PublicKey : IP256PublicKey
{
    private const int PoolSize = 8;
    private readonly ConcurrentBag<ECDsa> _pool = [];
    private readonly ECParameters _parameters;

    /// <summary>Imports (and so validates) the point now; throws <see cref="CryptographicException"/> when OpenSSL refuses it.</summary>
    public BclP256PublicKey(ECParameters parameters)
    {
        _parameters = parameters;
        Return(ECDsa.Create(parameters));
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        var ecdsa = _pool.TryTake(out var pooled) ? pooled : ECDsa.Create(_parameters);
        try
        {
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, format);
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

    public void Dispose()
    {
        while (_pool.TryTake(out var ecdsa))
        {
            ecdsa.Dispose();
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
