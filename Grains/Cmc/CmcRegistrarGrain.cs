using Eals.Grains.Edhoc;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Protocol.Cmc;
using Eals.Protocol.Pki;
using Orleans.Concurrency;

namespace Eals.Grains.Cmc;

/// <summary>
/// Authenticates Full PKI Requests: the CMS signature must verify with the certificate it names, and that
/// certificate must be a pledge's IDevID chaining to a manufacturer (the pledge is its serialNumber) or a
/// configured registration authority (the pledge is the PKCS#10's serialNumber). Requests that fail here
/// come from nobody the registrar knows, so they get a diagnostic, never a signed answer, and change no
/// state. A stateless worker: verification spreads over every silo.
/// </summary>
[StatelessWorker]
public sealed class CmcRegistrarGrain(
    RegistrarCredentials credentials,
    RegistrationAuthorities authorities,
    TimeProvider time) : Grain, ICmcRegistrarGrain
{
    public async Task<EdhocReply> SubmitAsync(byte[] message, string site, string origin)
    {
        FullPkiRequest request;
        SignedContent signed;
        try
        {
            (request, signed) = FullPkiRequest.Open(message);
        }
        catch (CmcException exception)
        {
            return exception.Error is CmcError.BadSignature or CmcError.SignerCertificateMissing
                ? EdhocReply.Diagnostic(EdhocReply.Forbidden, $"badMessageCheck: {exception.Message}")
                : EdhocReply.Diagnostic(EdhocReply.BadRequest, $"not a Full PKI Request: {exception.Message}");
        }
        if (signed.SigningTime is not { } signingTime)
        {
            return EdhocReply.Diagnostic(EdhocReply.BadRequest, "the request needs a signingTime signed attribute (replay protection)");
        }
        var (identity, problem) = Authenticate(request, signed);
        if (identity is null)
        {
            return problem!;
        }
        return await GrainFactory.Reference<ICmcPledgeGrain>(identity.Serial).EnrollAsync(new CmcAuthenticatedRequest(identity, signed.Content, signingTime, site, origin));
    }

    private (PledgeIdentity? Identity, EdhocReply? Problem) Authenticate(FullPkiRequest request, SignedContent signed)
    {
        var now = time.GetUtcNow();
        if (authorities.Find(signed.SignerCertificate) is { } authority)
        {
            if (now < authority.NotBefore || now > authority.NotAfter)
            {
                return (null, EdhocReply.Diagnostic(EdhocReply.Forbidden, "the registration authority's certificate is not valid now"));
            }
            ValidatedCsr csr;
            try
            {
                csr = CsrParser.Parse(request.CertificationRequest);
            }
            catch (PkiException exception)
            {
                return (null, EdhocReply.Diagnostic(EdhocReply.BadRequest, $"CSR refused: {exception.Message}"));
            }
            if (csr.SerialNumber is not { } serial)
            {
                return (null, EdhocReply.Diagnostic(EdhocReply.BadRequest, "a request signed by a registration authority must name the pledge by the PKCS#10's serialNumber"));
            }
            return (new PledgeIdentity(serial, csr.Subject.Name, authority.Subject, PledgeCredentialKind.RegistrationAuthority, authority.SerialNumber), null);
        }
        var (idevid, problem) = IdevidValidator.Validate(signed.SignerCertificate, credentials, now);
        if (idevid is null)
        {
            return (null, EdhocReply.Diagnostic(EdhocReply.Forbidden, $"the signer is not trusted: {problem}"));
        }
        if (idevid.Kind != PledgeCredentialKind.Idevid)
        {
            return (null, EdhocReply.Diagnostic(EdhocReply.Forbidden, "full CMC enrolls with an IDevID or through a registration authority; re-enrollment is /sren over EDHOC"));
        }
        return (idevid with { Kind = PledgeCredentialKind.CmcSignature }, null);
    }
}
