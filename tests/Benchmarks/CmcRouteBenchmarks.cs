using BenchmarkDotNet.Attributes;
using Eals.Grains.Registrar;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Cmc;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Benchmarks;

/// <summary>
/// Full CMC (RFC 5272) over the unprotected /fullcmc, with the grains taken out: the pledge wraps its PKCS#10
/// (made beforehand, as on every route) in a Full PKI Request signed with its IDevID; the registrar verifies the
/// CMS signature, chains the IDevID to the manufacturer CA (CmcRegistrarGrain), issues (CmcPledgeGrain, through
/// the issuance step every route shares) and signs the Full PKI Response carrying the certificate and the domain
/// CA; the pledge checks that answer (CmcEnroller).
/// </summary>
public class CmcRouteBenchmarks : RouteBenchmark
{
    private CmcSigner _signer = null!;
    private FullPkiRequest _request = null!;
    private byte[] _signedRequest = [];
    private byte[] _signedResponse = [];

    [GlobalSetup]
    public void Setup()
    {
        _signer = new CmcSigner(Pki.Idevid.Certificate, Pki.Idevid.PrivateKey, []);
        _signedRequest = PledgeSignsRequest();
        _request = FullPkiRequest.Open(_signedRequest).Request;
        _signedResponse = RegistrarAnswers();
    }

    [Benchmark]
    public byte[] PledgeSignsRequest() =>
        FullPkiRequest.Create(Pki.Csr, SystemRandomSource.Instance).Sign(_signer.Certificate, _signer.Key, _signer.Chain.Select(c => c.RawData), DateTimeOffset.UtcNow);

    [Benchmark]
    public byte[] RegistrarAnswers()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, signed) = FullPkiRequest.Open(_signedRequest);
        var (identity, problem) = IdevidValidator.Validate(signed.SignerCertificate, Pki.Registrar, now);
        if (identity is null)
        {
            throw new InvalidOperationException(problem);
        }
        // The pledge grain decodes the PKIData it was handed again.
        var request = FullPkiRequest.DecodePkiData(signed.Content);
        var issued = Pki.Issue(CsrParser.Parse(request.CertificationRequest));
        var response = FullPkiResponse.For(request, CmcStatus.Success, SystemRandomSource.Instance);
        return response.Sign(Pki.Registrar.RegistrarCertificate, Pki.Registrar.RegistrarKey, [issued.Der, Pki.DomainCa.Certificate.RawData], now);
    }

    /// <summary>The X.509 chain check inside RegistrarAnswers (and inside every IDevID check, EDHOC's too), alone.</summary>
    [Benchmark]
    public bool IdevidChainCheck() => CertificateChain.ChainsTo(Pki.Idevid.Certificate, Pki.Registrar.ManufacturerAnchors, DateTimeOffset.UtcNow, out _);

    [Benchmark]
    public int PledgeReadsResponse()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, certificates) = CmcEnroller.Verify(_signedResponse, _request, Pki.DomainCa.Certificate, now);
        using var certificate = CmcEnroller.IssuedFor(Pki.PledgeKey, certificates, Pki.DomainCa.Certificate, now);
        return certificate.RawDataMemory.Length;
    }
}
