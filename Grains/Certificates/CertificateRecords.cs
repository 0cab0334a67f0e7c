using Eals.Grains.Pledges;
using Eals.Grains.Storage;

namespace Eals.Grains.Certificates;

/// <summary>
/// Finds an issued certificate's record by its serial: in the pledge's own record, where the storage finds the
/// pledge by the serial (<see cref="IGrainStateLookup"/>); else, or for certificates recorded before, in the
/// certificate record grain under the serial.
/// </summary>
public static class CertificateRecords
{
    public static async Task<CertificateRecord?> FindAsync(IGrainFactory grains, IGrainStateLookup? lookup, string serialHex)
    {
        string normalized = serialHex.ToUpperInvariant();
        if (lookup is not null
            && await lookup.FindAsync(PledgeGrainState.StateName, PledgeGrainState.CertificateKey(normalized)) is { } pledge
            && await grains.Reference<IPledgeGrain>(pledge).GetCertificateAsync(normalized) is { } kept)
        {
            return kept;
        }
        return await grains.Reference<ICertificateRecordGrain>(normalized).GetAsync();
    }
}
