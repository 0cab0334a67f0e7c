using System.Runtime.InteropServices;

namespace Eals.Protocol.Crypto.OpenSsl;

/// <summary>An EVP_PKEY owned by this process; freed once, when released or finalized.</summary>
internal sealed class EvpPKeyHandle : SafeHandle
{
    public EvpPKeyHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_PKEY_free(handle);
        return true;
    }
}
