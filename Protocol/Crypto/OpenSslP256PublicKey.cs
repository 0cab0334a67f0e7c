using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Eals.Protocol.Crypto.OpenSsl;

namespace Eals.Protocol.Crypto;

/// <summary>
/// A public key for <see cref="OpenSslP256"/>: one EVP_PKEY, shared read-only by concurrent verifications (libcrypto
/// allows that); each verification has its own EVP_MD_CTX.
/// </summary>
internal sealed class OpenSslP256PublicKey(EvpPKeyHandle key, nint sha256) : IP256PublicKey
{
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        byte[] der;
        if (format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            if (!EcdsaSignatureEncoding.TryToDer(signature, out der))
            {
                return false;
            }
        }
        else if (signature.IsEmpty)
        {
            return false;
        }
        else
        {
            der = signature.ToArray();
        }

        nint context = LibCrypto.EVP_MD_CTX_new();
        try
        {
            // libcrypto checks the DER strictly (it re-encodes and compares) and r, s in [1, n-1].
            bool valid = context != 0
                && LibCrypto.EVP_DigestVerifyInit(context, 0, sha256, 0, key) == 1
                && LibCrypto.EVP_DigestVerify(context, ref der[0], (nuint)der.Length, ref MemoryMarshal.GetReference(message), (nuint)message.Length) == 1;
            if (!valid)
            {
                LibCrypto.ERR_clear_error();
            }
            return valid;
        }
        finally
        {
            LibCrypto.EVP_MD_CTX_free(context);
        }
    }

    public void Dispose() => key.Dispose();
}
