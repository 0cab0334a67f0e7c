using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// Whether a certificate chains to one of the given trust anchors at a given instant: the anchors are the
/// only trusted roots (no system store, no downloads, no revocation lookups: pledges and registrars decide
/// trust from what they were given, not from the network). One place for every such check.
/// </summary>
/// <remarks>
/// A chain that was built is remembered (keyed by the exact bytes of the certificate and the intermediates given) with
/// the anchor it ended at and the span of time in which every certificate of it is valid: the same certificate, asked
/// again inside that span with that anchor among the trusted ones, is answered without building the chain again (the
/// registrar and its hosted MASA each check a pledge's IDevID once per enrollment). A refusal is never remembered.
/// </remarks>
public static class CertificateChain
{
    private static readonly BoundedCache<Built> Chains = new(4096);

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="anchors"/>; otherwise false with the reasons.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> anchors, DateTimeOffset now, out string problem,
        IEnumerable<X509Certificate2>? intermediates = null)
    {
        byte[] key = BoundedCache<Built>.Concatenate([certificate.RawData, .. (intermediates ?? []).Select(c => c.RawData)]);
        if (Chains.TryGet(key, out var remembered) && remembered.From <= now && now <= remembered.Until
            && anchors.Any(a => a.RawData.AsSpan().SequenceEqual(remembered.Anchor)))
        {
            problem = "";
            return true;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange((intermediates ?? []).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        bool built;
        try
        {
            built = chain.Build(certificate);
        }
        catch (CryptographicException e)
        {
            problem = $"the chain could not be built: {e.Message}";
            return false;
        }
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : null;
        if (built && root is not null && anchors.Any(a => a.RawData.AsSpan().SequenceEqual(root.RawData)))
        {
            var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
            Chains.Add(key, new Built(
                root.RawData,
                elements.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime())),
                elements.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()))));
            problem = "";
            return true;
        }
        problem = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        problem = problem.Length > 0 ? problem : "it does not chain to a trust anchor";
        return false;
    }

    private sealed record Built(byte[] Anchor, DateTimeOffset From, DateTimeOffset Until);
}
