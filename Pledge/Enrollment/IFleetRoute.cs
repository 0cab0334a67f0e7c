namespace Eals.Pledge.Enrollment;

/// <summary>
/// One route's part in a fleet run: what the manufacturer or operator does before the pledges start (keys
/// imported, tokens ordered), and one pledge's enrollment over a worker's connection.
/// </summary>
public interface IFleetRoute : IDisposable
{
    EnrollmentRoute Route { get; }

    /// <summary>Provisions the pledges; those it could not provision, failed at the provisioning step, by serial.</summary>
    Task<IReadOnlyDictionary<string, EnrollmentResult>> ProvisionAsync(IReadOnlyList<string> serials, CancellationToken cancellationToken);

    /// <summary>Enrolls one provisioned pledge and writes its own credentials to its folder (the caller writes the LDevID).</summary>
    Task<EnrollmentResult> EnrollAsync(string serial, RegistrarConnection connection, CancellationToken cancellationToken);
}
