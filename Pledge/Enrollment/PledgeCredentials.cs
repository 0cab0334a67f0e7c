using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Edhoc;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// What a pledge holds: its IDevID (certificate and key, its EDHOC credential, sent as x5chain) and the
/// trust anchor it accepts the registrar's certificate under (until vouchers pin it, the domain CA).
/// </summary>
public sealed class PledgeCredentials
{
    public PledgeCredentials(string serialNumber, X509Certificate2 idevid, ECDsa idevidKey, X509Certificate2 registrarTrustAnchor)
    {
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

    public X509Certificate2 RegistrarTrustAnchor { get; }

    public EdhocIdentity EdhocIdentity { get; }

    public override string ToString() => $"PledgeCredentials({SerialNumber})";
}
