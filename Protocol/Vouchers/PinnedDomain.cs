using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// The domain trust anchor a voucher pins (RFC 8366 section 5.3 pinned-domain-cert, or the constrained
/// voucher's pinned-domain-pubk): the certificate when one was pinned, and its public key in either case.
/// </summary>
public sealed class PinnedDomain(X509Certificate2? certificate, PublicKey publicKey) : IDisposable
{
    public X509Certificate2? Certificate { get; } = certificate;

    public PublicKey PublicKey { get; } = publicKey;

    public void Dispose() => Certificate?.Dispose();
}
