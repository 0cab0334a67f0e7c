using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Pledges;
using Eals.Grains.Telemetry;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Logging;

namespace Eals.Grains.Enrollment;

/// <summary>
/// /skg (RFC 9148 section 4.8): the registrar generates a P-256 key pair, issues its certificate by the
/// same binding rules and records as /sen (the CSR is a template: its key and signature are ignored), and
/// answers [284 PKCS#8 key, 287 or 281 certificate] as multipart-core. The key is unencrypted inside OSCORE,
/// which ends at the pledge (gateways and join proxies see only ciphertext). It is never stored, logged or
/// put in an exception; its buffers are wiped once OSCORE has encrypted them. Every request gets a new key:
/// a retransmission of the same protected request gets the same protected answer from the context's cache.
/// </summary>
public sealed partial class EstService
{
    private async Task<CoapMessage> ServerKeyGenerationAsync(IPledgeRecord pledge, PledgeIdentity identity, CoapMessage request)
    {
        if (NotPkcs10(request) is { } wrongFormat)
        {
            return wrongFormat;
        }
        ushort? certificateFormat = request.Accept switch
        {
            null or CoapContentFormat.MultipartCore or CoapContentFormat.PkixCert => CoapContentFormat.PkixCert,
            CoapContentFormat.Pkcs7CertsOnly => CoapContentFormat.Pkcs7CertsOnly,
            _ => null,
        };
        if (certificateFormat is null)
        {
            return InnerResponses.Error(CoapCode.NotAcceptable, "/skg answers multipart-core (62) with the certificate as pkix-cert (287) or certs-only (281)");
        }
        var view = await pledge.GetAsync();
        using var span = EnrollmentTelemetry.StartStep("est server-keygen", view.TraceParent, identity.Serial);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (csr, refusal) = await _issuance.BindAsync(pledge, identity, () => CsrParser.ParseTemplate(request.Payload, new PublicKey(key)), "enroll");
        if (csr is null)
        {
            return Refused(refusal!);
        }
        if (csr.AsksForEncryptedKey)
        {
            return InnerResponses.Error(CoapCode.NotAcceptable, "encrypted private keys (280) are not offered: OSCORE protects the key (284) end to end; leave out DecryptKeyIdentifier and AsymmetricDecryptKeyIdentifier");
        }
        var issued = await _issuance.IssueAndRecordAsync(pledge, identity, csr, reEnrollment: false, view.Certificate?.SerialHex);
        LogServerGeneratedKey(logger, issued.SerialNumberHex, identity.Serial);
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            var (format, certificate) = EnrollmentResponse.Encode(certificateFormat, issued.Der, credentials.DomainCa.Certificate);
            byte[] payload = ServerGeneratedKey.Encode(pkcs8, format, certificate);
            var response = InnerResponses.Create(CoapCode.Changed, payload, CoapContentFormat.MultipartCore);
            SensitiveResponses.Mark(response, payload);
            return response;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {SerialHex} certifies a key the registrar generated for pledge {Pledge} (/skg); the private key was sent and not kept")]
    private static partial void LogServerGeneratedKey(ILogger logger, string serialHex, string pledge);
}
