using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Benchmarks;

/// <summary>
/// Server-side key generation (/skg, RFC 9148 section 4.8) next to the normal CSR route (/sen), each side's
/// protocol work inside OSCORE, with the grains taken out: the registrar checks the request (PKCS#10 or
/// template), issues and encodes the answer (the certificate, or multipart-core with the PKCS#8 key it made);
/// the pledge makes a key and CSR (or the throw-away template RegistrarChannel sends) and checks the answer
/// against its pinned domain CA (EnrollmentResponse.Decode, or ServerGeneratedKey.Open). The OSCORE exchange
/// around it is the same on both (about 140 bytes more to encrypt with /skg).
/// </summary>
public class SkgRouteBenchmarks : RouteBenchmark
{
    private byte[] _skgAnswer = [];

    [GlobalSetup]
    public void Setup()
    {
        _skgAnswer = RegistrarServerKeyGeneration();
    }

    [Benchmark]
    public byte[] RegistrarCsr()
    {
        var issued = Pki.Issue(CsrParser.Parse(Pki.Csr));
        return EnrollmentResponse.Encode(CoapContentFormat.PkixCert, issued.Der, Pki.DomainCa.Certificate).Payload;
    }

    /// <summary>As EstService's /skg: a new key, the CSR read as a template for it, the key sent as PKCS#8 and wiped.</summary>
    [Benchmark]
    public byte[] RegistrarServerKeyGeneration()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issued = Pki.Issue(CsrParser.ParseTemplate(Pki.Csr, new PublicKey(key)));
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            var (format, certificate) = EnrollmentResponse.Encode(CoapContentFormat.PkixCert, issued.Der, Pki.DomainCa.Certificate);
            return ServerGeneratedKey.Encode(pkcs8, format, certificate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The pledge's own key and CSR, then the recorded certificate (for the fixture's key) checked.</summary>
    [Benchmark]
    public int PledgeCsr()
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            Pkcs10RequestBuilder.ForDevice(key, RoutePki.Serial);
        }
        using var certificate = EnrollmentResponse.Decode(CoapContentFormat.PkixCert, Pki.Certificate, Pki.PledgeKey, Pki.DomainCa.Certificate);
        return certificate.RawDataMemory.Length;
    }

    [Benchmark]
    public int PledgeServerKeyGeneration()
    {
        using (var template = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            Pkcs10RequestBuilder.ForDevice(template, RoutePki.Serial);
        }
        var (certificate, key) = ServerGeneratedKey.Open(_skgAnswer, Pki.DomainCa.Certificate);
        using (certificate)
        using (key)
        {
            return certificate.RawDataMemory.Length;
        }
    }
}
