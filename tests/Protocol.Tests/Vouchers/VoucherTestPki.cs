using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>
/// A MASA CA (P-256) with an ES256 and an Ed25519 signing certificate, an unrelated CA with its own signer,
/// and a domain CA to pin; all at a fixed instant, since the chain check takes its time from the caller.
/// </summary>
public sealed class VoucherTestPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly X509Extension[] SignerExtensions =
    [
        new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
    ];

    public VoucherTestPki()
    {
        MasaCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Test MASA CA"), Now, Now.AddYears(10), Random);
        OtherCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Other CA"), Now, Now.AddYears(10), Random);
        DomainCa = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Test Domain CA"), Now, Now.AddYears(10), Random);
        MasaSigner = MasaCa.IssueWithNewKey(DistinguishedNames.CommonNameOnly("masa.example"), SignerExtensions, Now.AddDays(-1), Now.AddYears(2), Random);
        OtherSigner = OtherCa.IssueWithNewKey(DistinguishedNames.CommonNameOnly("masa.example"), SignerExtensions, Now.AddDays(-1), Now.AddYears(2), Random);
        Ed25519Key = DefaultCipherSuiteCrypto.Instance.GenerateSigningKeyPair(SignatureAlgorithm.EdDsa, Random);
        Ed25519Spki = [.. Convert.FromHexString("302a300506032b6570032100"), .. Ed25519Key.PublicKey];
        var ed25519PublicKey = PublicKey.CreateFromSubjectPublicKeyInfo(Ed25519Spki, out _);
        MasaEd25519Certificate = MasaCa.IssueEndEntity(DistinguishedNames.CommonNameOnly("masa-ed25519.example"), ed25519PublicKey, SignerExtensions, Now.AddDays(-1), Now.AddYears(2), Random).Der;
    }

    internal SeededRandom Random { get; } = new(8366);

    public CertificateAuthority MasaCa { get; }

    public CertificateAuthority OtherCa { get; }

    public CertificateAuthority DomainCa { get; }

    /// <summary>ES256 MASA signing key and certificate, issued by <see cref="MasaCa"/>.</summary>
    public CertifiedKey MasaSigner { get; }

    /// <summary>A signer issued by <see cref="OtherCa"/>: not trusted by a pledge that trusts the MASA CA.</summary>
    public CertifiedKey OtherSigner { get; }

    public KeyPair Ed25519Key { get; }

    public byte[] Ed25519Spki { get; }

    /// <summary>An Ed25519 end-entity certificate issued by the (P-256) MASA CA.</summary>
    public byte[] MasaEd25519Certificate { get; }

    public CoseSigner Es256Signer(bool withChain = true, byte[]? kid = null) =>
        new(MasaSigner.PrivateKey, null, withChain ? [MasaSigner.CertificateDer] : [], kid);

    public CoseSigner EdDsaSigner(bool withChain = true) =>
        new(null, Ed25519Key.PrivateKey, withChain ? [MasaEd25519Certificate] : []);

    public static PublicKey KeyOf(ECDsa key) => PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);

    public void Dispose()
    {
        MasaSigner.Dispose();
        OtherSigner.Dispose();
        MasaCa.Dispose();
        OtherCa.Dispose();
        DomainCa.Dispose();
    }
}
