using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Edhoc;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// What a pledge holds: its IDevID (certificate and key, its EDHOC credential, sent as x5chain) and how it
/// comes to trust the registrar: zero-touch, through a voucher signed by its manufacturer's MASA
/// (<see cref="MasaTrustAnchor"/>, RFC 8995), or with a domain CA installed beforehand
/// (<see cref="RegistrarTrustAnchor"/>).
/// </summary>
public sealed class PledgeCredentials
{
    public PledgeCredentials(string serialNumber, X509Certificate2 idevid, ECDsa idevidKey, X509Certificate2? registrarTrustAnchor, X509Certificate2? masaTrustAnchor = null)
    {
        if (registrarTrustAnchor is null && masaTrustAnchor is null)
        {
            throw new ArgumentException("A pledge needs a MASA trust anchor (vouchers) or a registrar trust anchor.");
        }
        MasaTrustAnchor = masaTrustAnchor;
        SerialNumber = serialNumber;
        Idevid = idevid;
        IdevidKey = idevidKey;
        RegistrarTrustAnchor = registrarTrustAnchor;
        var credential = EdhocCredential.FromX509(idevid.RawData, EdhocX509Reference.X5Chain);
        if (!credential.IsSuccess)
        {
            throw new ArgumentException($"The IDevID cannot serve as an EDHOC credential: {credential.Failure}", nameof(idevid));
        }
        EdhocIdentity = new EdhocIdentity(credential.Value, idevidKey.ExportParameters(includePrivateParameters: true).D!);
    }

    public string SerialNumber { get; }

    public X509Certificate2 Idevid { get; }

    public ECDsa IdevidKey { get; }

    public X509Certificate2? RegistrarTrustAnchor { get; }

    /// <summary>The manufacturer trust anchor the MASA's vouchers chain to; when set, the pledge asks for a voucher and trusts only the domain it pins.</summary>
    public X509Certificate2? MasaTrustAnchor { get; }

    public EdhocIdentity EdhocIdentity { get; }

    public override string ToString() => $"PledgeCredentials({SerialNumber})";
}
