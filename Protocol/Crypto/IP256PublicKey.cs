using System.Security.Cryptography;

namespace Eals.Protocol.Crypto;

/// <summary>A P-256 public key imported into a <see cref="IP256Backend"/>; safe to use from several threads at once.</summary>
internal interface IP256PublicKey : IDisposable
{
    /// <summary>ES256 over <paramref name="message"/>; false for a bad or malformed signature.</summary>
    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, DSASignatureFormat format);
}
