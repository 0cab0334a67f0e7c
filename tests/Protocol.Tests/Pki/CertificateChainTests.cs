using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>
/// The chain check remembers chains it built, so it must still answer as a full build would: the remembered anchor
/// has to be among the anchors asked with, the instant inside every certificate's validity, and a refusal is never kept.
/// </summary>
public sealed class CertificateChainTests : IClassFixture<TestPki>
{
    private readonly TestPki _pki;

    public CertificateChainTests(TestPki pki) => _pki = pki;

    private X509Certificate2 NewIdevid()
    {
        using var minted = new IdevidMinter(_pki.ManufacturerCa).Mint("CHAIN-" + Guid.NewGuid().ToString("N")[..8], _pki.Now, _pki.Random);
        return X509CertificateLoader.LoadCertificate(minted.CertificateDer);
    }

    [Fact]
    public void A_chain_built_once_is_trusted_again_only_under_its_own_anchor()
    {
        using var idevid = NewIdevid();
        Assert.True(CertificateChain.ChainsTo(idevid, [_pki.ManufacturerCa.Certificate], _pki.Now, out _));
        Assert.True(CertificateChain.ChainsTo(idevid, [_pki.DomainCa.Certificate, _pki.ManufacturerCa.Certificate], _pki.Now, out _));

        Assert.False(CertificateChain.ChainsTo(idevid, [_pki.DomainCa.Certificate], _pki.Now, out string problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void A_remembered_chain_is_refused_outside_its_validity()
    {
        using var idevid = NewIdevid();
        Assert.True(CertificateChain.ChainsTo(idevid, [_pki.ManufacturerCa.Certificate], _pki.Now, out _));

        Assert.False(CertificateChain.ChainsTo(idevid, [_pki.ManufacturerCa.Certificate], _pki.Now.AddYears(-1), out string problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void A_refusal_is_not_remembered()
    {
        using var idevid = NewIdevid();
        Assert.False(CertificateChain.ChainsTo(idevid, [_pki.DomainCa.Certificate], _pki.Now, out _));

        Assert.True(CertificateChain.ChainsTo(idevid, [_pki.ManufacturerCa.Certificate], _pki.Now, out string problem));
        Assert.Equal("", problem);
    }
}
