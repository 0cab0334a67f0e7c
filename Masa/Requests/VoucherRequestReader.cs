using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Masa.Policy;
using Eals.Masa.Signing;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Http;

namespace Eals.Masa.Requests;

/// <summary>
/// Checks a registrar voucher request (RFC 8995 section 5.5, constrained form: COSE_Sign1 over a CBOR voucher
/// request) up to the point where only ownership and replay remain to be decided:
/// <list type="number">
/// <item>x5chain = [registrar certificate, intermediates..., domain CA]; the COSE signature verifies under the
/// registrar certificate, which chains to the domain CA (5.5.2: that CA is what gets pinned; 5.5.4: the MASA need not
/// trust it beforehand, ownership is its own decision);</item>
/// <item>the serial number is a well-formed one, the idevid-issuer (when given) is this manufacturer's CA, and a
/// prior-signed (pledge) voucher request, when given, is signed by an IDevID of this manufacturer for that serial
/// and carries the same nonce;</item>
/// <item>a nonce is present: this MASA issues nonceful vouchers only.</item>
/// </list>
/// Every refusal is a <see cref="MasaRefusal"/>; nothing here touches state.
/// </summary>
public sealed class VoucherRequestReader
{
    // Registrar x5chains whose request verified: parsed, and their domain CA checked (not time-dependent). Bounded.
    private static readonly BoundedCache<KnownChain> KnownChains = new(1024);

    // The subject serialNumber of IDevIDs that signed a prior-signed request under the manufacturer CA. Bounded.
    private readonly BoundedCache<string> _idevidSerials = new(16384);

    private readonly MasaSigningIdentity _identity;

    public VoucherRequestReader(MasaSigningIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _identity = identity;
    }

    public ValidatedVoucherRequest Read(ReadOnlySpan<byte> body, DateTimeOffset now, RequestFacts facts)
    {
        var signed = ReadRegistrarSigned(body, now, facts);
        try
        {
            var request = Guard(signed.Payload, static p => VoucherCbor.DecodeVoucherRequest(p), "The payload is not a voucher request");
            facts.SerialNumber = request.SerialNumber;
            RequireOwnPledge(request);
            var nonce = request.Nonce is { Length: > 0 } n
                ? n
                : throw new MasaRefusal(StatusCodes.Status400BadRequest, "Nonce missing", "The voucher request carries no nonce; this MASA issues nonceful vouchers only.");
            if (request.PriorSignedVoucherRequest is { } prior)
            {
                RequirePledgeRequest(prior, request.SerialNumber, nonce, now);
            }

            return new ValidatedVoucherRequest(
                request.SerialNumber,
                nonce,
                signed.RegistrarSubject,
                signed.DomainCaCertificate,
                signed.DomainFingerprint,
                SHA256.HashData(body),
                request.PriorSignedVoucherRequest is { } pledgeRequest ? SHA256.HashData(pledgeRequest) : null);
        }
        catch (CryptographicException e)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed certificate", "A certificate in x5chain has a malformed extension.", e);
        }
    }

    /// <summary>
    /// Step 1 alone, for any registrar-signed request (voucher requests, ACE introspection): the COSE_Sign1's
    /// x5chain is [registrar certificate, intermediates..., domain CA] and its signature verifies under the
    /// registrar certificate, which chains to that domain CA.
    /// </summary>
    public static RegistrarSignedRequest ReadRegistrarSigned(ReadOnlySpan<byte> body, DateTimeOffset now, RequestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var unverified = Guard(body, static b => CoseSign1.ReadUnverified(b), "The body is not a COSE_Sign1 structure");
        if (unverified.X5Chain.Count < 2)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Registrar chain missing", "x5chain must carry the registrar certificate followed by its domain CA certificate (RFC 8995 section 5.5.2).");
        }

        // The same x5chain seen before with a request whose signature held (the same registrar, each enrollment):
        // its certificates are parsed and the domain CA checked already; the signature and the chain's validity at
        // `now` are still checked (CoseSign1.VerifyWithAnchor, which remembers chains it verified in the same way).
        byte[] chainKey = BoundedCache<KnownChain>.Concatenate(unverified.X5Chain);
        if (KnownChains.TryGet(chainKey, out var known))
        {
            facts.RegistrarSubject = known.RegistrarSubject;
            facts.DomainFingerprint = known.DomainFingerprint;
            var verified = Guard(
                body,
                b => CoseSign1.VerifyWithAnchor(b, known.DomainCa, now),
                "The registrar certificate does not chain to the domain CA given last in x5chain, or its signature does not verify",
                (StatusCodes.Status403Forbidden, "Registrar not in domain"));
            return new RegistrarSignedRequest(verified.Payload, known.RegistrarDer, known.RegistrarSubject, known.DomainCaDer, known.DomainFingerprint);
        }

        var certificates = new List<X509Certificate2>();
        X509Certificate2? kept = null;
        try
        {
            foreach (var der in unverified.X5Chain)
            {
                certificates.Add(LoadCertificate(der));
            }

            var registrar = certificates[0];
            var domainCa = certificates[^1];
            facts.RegistrarSubject = registrar.Subject;
            facts.DomainFingerprint = Fingerprints.Of(domainCa.RawData);

            RequireDomainCa(domainCa);
            var signed = Guard(
                body,
                b => CoseSign1.VerifyWithAnchor(b, domainCa, now),
                "The registrar certificate does not chain to the domain CA given last in x5chain, or its signature does not verify",
                (StatusCodes.Status403Forbidden, "Registrar not in domain"));
            KnownChains.Add(chainKey, new KnownChain(registrar.RawData, registrar.Subject, domainCa, domainCa.RawData, facts.DomainFingerprint));
            kept = domainCa;
            return new RegistrarSignedRequest(signed.Payload, registrar.RawData, registrar.Subject, domainCa.RawData, facts.DomainFingerprint);
        }
        catch (CryptographicException e)
        {
            // X509Certificate2 decodes extensions lazily: a corrupted one surfaces only when it is read.
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed certificate", "A certificate in x5chain has a malformed extension.", e);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                if (!ReferenceEquals(certificate, kept))
                {
                    certificate.Dispose();
                }
            }
        }
    }

    private void RequireOwnPledge(VoucherRequest request)
    {
        try
        {
            DistinguishedNames.RequireSerialNumber(request.SerialNumber);
        }
        catch (PkiException)
        {
            throw new MasaRefusal(StatusCodes.Status404NotFound, "Unknown pledge", "The serial number is not one this manufacturer issues (1 to 64 PrintableString characters).");
        }

        if (request.IdevidIssuer is { } issuer && !issuer.AsSpan().SequenceEqual(_identity.ManufacturerKeyIdentifier))
        {
            throw new MasaRefusal(StatusCodes.Status404NotFound, "Unknown pledge", "idevid-issuer names another manufacturer's CA: this MASA does not vouch for that pledge.");
        }
    }

    /// <summary>The pledge's own voucher request (RFC 8995 section 5.5: prior-signed-voucher-request), signed with its IDevID.</summary>
    private void RequirePledgeRequest(byte[] prior, string serialNumber, byte[] nonce, DateTimeOffset now)
    {
        var unverified = Guard(prior, static p => CoseSign1.ReadUnverified(p), "The prior-signed voucher request is not a COSE_Sign1 structure");
        if (unverified.X5Chain.Count == 0)
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Pledge request unverifiable", "The prior-signed voucher request carries no IDevID certificate in x5chain.");
        }

        var signed = Guard(
            prior,
            p => CoseSign1.VerifyWithAnchor(p, _identity.ManufacturerCa, now),
            "The prior-signed voucher request is not signed by an IDevID of this manufacturer",
            (StatusCodes.Status404NotFound, "Unknown pledge"));
        // Read from an IDevID that chained to the manufacturer CA and signed this request (so loaded and checked just
        // now: its subject is taken from the DER, not loaded again); remembered by its bytes.
        if (!_idevidSerials.TryGet(signed.X5Chain[0], out string? idevidSerial))
        {
            try
            {
                var subject = new X500DistinguishedName(CertificateFields.Read(signed.X5Chain[0]).Subject.Span);
                idevidSerial = DistinguishedNames.FindSingle(subject, PkiOids.SerialNumber);
            }
            catch (PkiException e)
            {
                throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed IDevID", "The IDevID's subject is not well-formed.", e);
            }
            if (idevidSerial is not null)
            {
                _idevidSerials.Add(signed.X5Chain[0], idevidSerial);
            }
        }

        var pledgeRequest = Guard(signed.Payload, static p => VoucherCbor.DecodeVoucherRequest(p), "The prior-signed payload is not a voucher request");
        if (idevidSerial != serialNumber || pledgeRequest.SerialNumber != serialNumber)
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Serial mismatch", "The pledge's own voucher request is for another serial number than the registrar's.");
        }

        if (pledgeRequest.Nonce is { } pledgeNonce && !pledgeNonce.AsSpan().SequenceEqual(nonce))
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Nonce mismatch", "The registrar's nonce is not the one the pledge asked for.");
        }
    }

    /// <summary>The domain CA is what the voucher pins: a CA certificate, and when self-issued one whose own signature holds.</summary>
    private static void RequireDomainCa(X509Certificate2 domainCa)
    {
        var basic = domainCa.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is not { CertificateAuthority: true })
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Domain CA invalid", "The last certificate of x5chain is not a CA certificate (basicConstraints cA), so it cannot be pinned as the domain CA.");
        }

        if (domainCa.SubjectName.RawData.AsSpan().SequenceEqual(domainCa.IssuerName.RawData) && !SelfSignature.Verifies(domainCa))
        {
            throw new MasaRefusal(StatusCodes.Status403Forbidden, "Domain CA invalid", "The domain CA certificate is self-issued but its signature does not verify under its own key (or uses an unsupported algorithm).");
        }
    }

    private static X509Certificate2 LoadCertificate(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed certificate", "An x5chain element is not a DER X.509 certificate.", e);
        }
    }

    /// <param name="untrusted">Status and title when the signer does not chain to the anchor (<see cref="VoucherError.UntrustedSigner"/>).</param>
    private static T Guard<T>(ReadOnlySpan<byte> input, SpanFunc<T> read, string what, (int Status, string Title)? untrusted = null)
    {
        try
        {
            return read(input);
        }
        catch (VoucherException e)
        {
            var (status, title) = e.Error switch
            {
                VoucherError.UntrustedSigner when untrusted is { } given => given,
                VoucherError.BadSignature or VoucherError.UnknownKey or VoucherError.UntrustedSigner => (StatusCodes.Status403Forbidden, "Signature invalid"),
                VoucherError.UnsupportedAlgorithm => (StatusCodes.Status400BadRequest, "Unsupported algorithm"),
                _ => (StatusCodes.Status400BadRequest, "Malformed voucher request"),
            };
            throw new MasaRefusal(status, title, $"{what} ({e.Error}).", e);
        }
        catch (CryptographicException e)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed voucher request", $"{what} (unusable key or certificate).", e);
        }
    }

    private delegate T SpanFunc<out T>(ReadOnlySpan<byte> input);

    /// <summary>What a verified x5chain gave: the domain CA is kept loaded (never disposed) as the anchor for the next request.</summary>
    private sealed record KnownChain(byte[] RegistrarDer, string RegistrarSubject, X509Certificate2 DomainCa, byte[] DomainCaDer, string DomainFingerprint);
}
