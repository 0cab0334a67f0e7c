using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// Who the secret protecting an enrollment request belongs to: the IDevID (or, on re-enrollment, the current
/// LDevID) that EDHOC authenticated. draft-selander-ace-eals section 2.1: the name certified must be this one.
/// </summary>
/// <param name="SerialNumber">The serialNumber (2.5.4.5) of the authenticated certificate's subject.</param>
/// <param name="Subject">The authenticated certificate's subject, RFC 4514 string form (for the record).</param>
public sealed record AuthenticatedIdentity(string SerialNumber, string Subject)
{
    /// <summary>
    /// The authenticated certificate's subject as DER, when known (set by <see cref="FromCertificate"/>):
    /// re-enrollment keeps it verbatim (RFC 7030 section 4.2.2).
    /// </summary>
    public byte[]? SubjectDer { get; init; }

    /// <summary>The identity named by an authenticated certificate; refuses one without a single serialNumber.</summary>
    public static AuthenticatedIdentity FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = DistinguishedNames.FindSingle(certificate.SubjectName, PkiOids.SerialNumber)
            ?? throw new PkiException(PkiError.MissingSerialNumber, "The authenticated certificate's subject has no serialNumber.");
        return new AuthenticatedIdentity(serial, certificate.Subject) { SubjectDer = certificate.SubjectName.RawData };
    }
}
