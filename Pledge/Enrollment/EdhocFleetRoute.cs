using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>The fleet over EDHOC (the default): each pledge runs <see cref="PledgeEnroller"/> with its IDevID, zero-touch unless <c>--no-vouchers</c>.</summary>
public sealed class EdhocFleetRoute : IdevidFleetRoute
{
    private readonly OscoreNonceFingerprintLog? _nonceLog;
    private readonly CertificateCache _certificates = new();

    public EdhocFleetRoute(FleetOptions options)
        : base(options)
        => _nonceLog = options.NonceLog is null ? null : OscoreNonceFingerprintLog.AppendTo(options.NonceLog);

    public override EnrollmentRoute Route => EnrollmentRoute.Edhoc;

    protected override Task<EnrollmentResult> EnrollAsync(string serial, CertifiedKey idevid, RegistrarConnection connection, CancellationToken cancellationToken)
    {
        var credentials = Options.Vouchers
            ? new PledgeCredentials(serial, idevid, null, Pki.ManufacturerCa.Certificate)
            : new PledgeCredentials(serial, idevid, Pki.DomainCa.Certificate);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, credentials, SystemRandomSource.Instance)
        {
            Certificates = _certificates,
            EncryptionObserver = _nonceLog,
            ServerKeyGeneration = Options.ServerKeyGeneration,
        };
        return enroller.EnrollAsync(cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _nonceLog?.Dispose();
            _certificates.Dispose();
        }
        base.Dispose(disposing);
    }
}
