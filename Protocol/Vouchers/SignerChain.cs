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
/// <remarks>
/// A chain that passed every check is remembered (keyed by the exact bytes of anchor and x5chain) with the span of
/// time in which all its certificates and the anchor are valid; the same bytes at an instant inside that span get the
/// same answer without parsing or chain building again. Anything else, including any refusal, takes the full path.
/// </remarks>
internal static class SignerChain
{
    private static readonly BoundedCache<Trusted> Verified = new(4096);

    /// <summary>Returns the signer's public key (the anchor's own when the chain is empty).</summary>
    public static SignatureKey TrustedSignerKey(IReadOnlyList<byte[]> x5chain, X509Certificate2 trustAnchor, DateTimeOffset now)
    {
        if (x5chain.Count == 0)
        {
            // No x5chain: the anchor itself (the pinned MASA certificate) is the signer.
            return SignatureKey.From(trustAnchor.PublicKey);
        }
        byte[] cacheKey = BoundedCache<Trusted>.Concatenate([trustAnchor.RawData, .. x5chain]);
        if (Verified.TryGet(cacheKey, out var trusted) && trusted.From <= now && now <= trusted.Until)
        {
            return trusted.Key;
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
            var key = SignatureKey.From(signer.PublicKey);
            // Conservative: the time in which every certificate given (and the anchor) is valid.
            IEnumerable<X509Certificate2> all = [trustAnchor, .. certificates];
            Verified.Add(cacheKey, new Trusted(
                key,
                all.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime())),
                all.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()))));
            return key;
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

    private sealed record Trusted(SignatureKey Key, DateTimeOffset From, DateTimeOffset Until);

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
