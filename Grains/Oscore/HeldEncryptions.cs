using System.Security.Cryptography;
using Eals.Protocol.Oscore;

namespace Eals.Grains.Oscore;

/// <summary>
/// Holds the (key, nonce) pairs of a context's encryptions until their ciphertext may leave the process (the owner
/// wrote its state and returns the answer), then tells the host's observer (the fault tests' nonce log). An
/// encryption whose answer is never sent (the silo crashed before the owner's write, or the write failed) used no
/// nonce on the wire: a restarted silo may encrypt again with that nonce, for the same request whose window was
/// not written, and only that ciphertext is ever seen. Copies are wiped once told or dropped.
/// </summary>
public sealed class HeldEncryptions(IOscoreEncryptionObserver observer) : IOscoreEncryptionObserver
{
    private readonly List<(byte[] Key, byte[] Nonce)> _held = [];

    public void Encrypted(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce) => _held.Add((key.ToArray(), nonce.ToArray()));

    /// <summary>The answer leaves: its encryptions are used.</summary>
    public void Release()
    {
        foreach (var (key, nonce) in _held)
        {
            observer.Encrypted(key, nonce);
        }
        Drop();
    }

    /// <summary>The answer never leaves (a failed write, a forgotten context): its encryptions used no nonce.</summary>
    public void Drop()
    {
        foreach (var (key, _) in _held)
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _held.Clear();
    }
}
