using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The fleet over full CMC: each pledge signs a Full PKI Request with its IDevID (<see cref="CmcEnroller"/>); the
/// answer must be signed under the data folder's domain CA, the pledge's only trust anchor on this route.
/// </summary>
public sealed class CmcFleetRoute(FleetOptions options) : IdevidFleetRoute(options)
{
    public override EnrollmentRoute Route => EnrollmentRoute.Cmc;

    protected override Task<EnrollmentResult> EnrollAsync(string serial, CertifiedKey idevid, RegistrarConnection connection, CancellationToken cancellationToken)
        => new CmcEnroller(new RegistrarChannel(connection.Client, connection.Registrar), SystemRandomSource.Instance, TimeProvider.System)
            .EnrollAsync(serial, new CmcSigner(idevid.Certificate, idevid.PrivateKey, []), Pki.DomainCa.Certificate, cancellationToken);
}
