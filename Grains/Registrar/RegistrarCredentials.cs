using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Pki;

namespace Eals.Grains.Registrar;

/// <summary>
/// The registrar's own EDHOC identity (its certificate from the domain CA, sent as x5chain, and its
/// P-256 key), the domain CA, and the manufacturer trust anchors IDevIDs must chain to. A host
/// singleton: keys live here, never in grain state.
/// </summary>
public sealed class RegistrarCredentials
{
    public RegistrarCredentials(CertifiedKey registrar, CertificateAuthority domainCa, IReadOnlyList<X509Certificate2> manufacturerAnchors)
    {
        var credential = EdhocCredential.FromX509(registrar.Certificate.RawData, EdhocX509Reference.X5Chain);
        if (!credential.IsSuccess)
        {
            throw new ArgumentException($"The registrar certificate cannot serve as an EDHOC credential: {credential.Failure}", nameof(registrar));
        }
        Identity = new EdhocIdentity(credential.Value, registrar.PrivateKey.ExportParameters(includePrivateParameters: true).D!);
        RegistrarCertificate = registrar.Certificate;
        RegistrarKey = registrar.PrivateKey;
        DomainCa = domainCa;
        DomainCaDer = domainCa.Certificate.RawData;
        ManufacturerAnchors = manufacturerAnchors;
    }

    public EdhocIdentity Identity { get; }

    public X509Certificate2 RegistrarCertificate { get; }

    /// <summary>Signs the registrar's voucher requests to the MASA (RFC 8995 section 5.5).</summary>
    public System.Security.Cryptography.ECDsa RegistrarKey { get; }

    public CertificateAuthority DomainCa { get; }

    public IReadOnlyList<X509Certificate2> ManufacturerAnchors { get; }

    /// <summary>The domain CA certificate's DER, read once.</summary>
    public byte[] DomainCaDer { get; }

    /// <summary>IDevIDs that chained to <see cref="ManufacturerAnchors"/> before (see <see cref="IdevidValidator"/>).</summary>
    internal BoundedCache<IdevidValidator.Accepted> AcceptedIdevids { get; } = new(16384);

    public override string ToString() => $"RegistrarCredentials({RegistrarCertificate.Subject})";
}
