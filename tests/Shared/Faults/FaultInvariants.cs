using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;
using Xunit;

namespace Eals.Tests.Shared;

/// <summary>
/// What every fault test must show once its fleet has finished: no certificate serial issued twice (the pledges'
/// <c>ldevid.pem</c> files under the data folder) and no OSCORE (key, nonce) pair used twice, by any server process
/// (its nonce logs, <paramref name="siloLogs"/> in <paramref name="nonceFolder"/>) or by the fleet.
/// </summary>
public static class FaultInvariants
{
    public static void NoSerialOrNonceTwice(FleetReport report, string data, string nonceFolder, string fleetLog, string siloLogs = "silo-*.log")
    {
        ArgumentNullException.ThrowIfNull(report);
        var serials = report.Results.Keys
            .Select(serial => X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(PledgeFiles.FolderFor(data, serial), "ldevid.pem"))).SerialNumber)
            .ToList();
        Assert.Equal(report.Results.Count, serials.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        var siloFingerprints = NonceFingerprints.Read(nonceFolder, siloLogs);
        var fleetFingerprints = NonceFingerprints.Read(fleetLog);
        // Every pledge sends at least its CSR and status reports protected, and the registrar answers each.
        Assert.True(siloFingerprints.Count >= report.Results.Count && fleetFingerprints.Count >= report.Results.Count,
            $"{siloFingerprints.Count} silo and {fleetFingerprints.Count} fleet fingerprints");
        var reused = NonceFingerprints.Reused(siloFingerprints, fleetFingerprints);
        Assert.True(reused.Count == 0, $"{reused.Count} (key, nonce) pairs used more than once: "
            + string.Join("; ", reused.Take(5).Select(f => $"{f} in {NonceFingerprints.Where(nonceFolder, f)}")));
    }
}
