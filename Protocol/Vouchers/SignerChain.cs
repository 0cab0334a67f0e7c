using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Decides whether the signer certificate of an x5chain (RFC 9360 section 2: signer first, then the
/// certificates that lead towards the anchor) chains to a trust anchor at a given instant: the anchor is the
/// only trusted root (no system store, no downloads, no revocation lookups: the pledge has no network yet),
/// and a signer certificate with a keyUsage extension must allow digitalSignature (RFC 5280 section 4.2.1.3).
/// A signer certificate identical to the anchor is trusted as it is (pinned), within its validity.
/// </summary>
internal static class SignerChain
{
    /// <summary>Returns the signer's public key (the anchor's own when the chain is empty).</summary>
    public static SignatureKey TrustedSignerKey(IReadOnlyList<byte[]> x5chain, X509Certificate2 trustAnchor, DateTimeOffset now)
    {
        if (x5chain.Count == 0)
        {
            // No x5chain: the anchor itself (the pinned MASA certificate) is the signer.
            return SignatureKey.From(trustAnchor.PublicKey);
        }
        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var der in x5chain)
            {
                certificates.Add(StrictCertificate.Load(der, VoucherError.Malformed, "x5chain certificate"));
            }
            var signer = certificates[0];
            RequireValidAt(signer, now);
            if (!signer.RawData.AsSpan().SequenceEqual(trustAnchor.RawData))
            {
                RequireDigitalSignature(signer);
                RequireChain(signer, certificates.Skip(1), trustAnchor, now);
            }
            return SignatureKey.From(signer.PublicKey);
        }
        catch (CryptographicException e)
        {
            throw new VoucherException(VoucherError.Malformed, "An x5chain certificate is not usable.", e);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static void RequireChain(X509Certificate2 signer, IEnumerable<X509Certificate2> intermediates, X509Certificate2 trustAnchor, DateTimeOffset now)
    {
        if (!CertificateChain.ChainsTo(signer, [trustAnchor], now, out string problem, intermediates))
        {
            throw new VoucherException(VoucherError.UntrustedSigner, $"The signer certificate does not chain to the trust anchor ({problem}).");
        }
    }

    private static void RequireValidAt(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime() || now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            throw new VoucherException(VoucherError.UntrustedSigner, "The signer certificate is not valid at this time.");
        }
    }

    private static void RequireDigitalSignature(X509Certificate2 signer)
    {
        var usage = signer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            throw new VoucherException(VoucherError.UntrustedSigner, "The signer certificate's keyUsage does not allow digitalSignature.");
        }
    }
}
