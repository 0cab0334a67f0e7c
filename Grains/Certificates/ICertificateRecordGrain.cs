namespace Eals.Grains.Certificates;

/// <summary>
/// One issued certificate, keyed by its serial number (hex). Written once: recording a serial that
/// already exists is refused, so no serial can be issued twice even across silos and restarts.
/// </summary>
[Alias("eals.certificate")]
public interface ICertificateRecordGrain : IGrainWithStringKey
{
    /// <summary>False (and nothing written) when this serial number is already recorded.</summary>
    [Alias("record")]
    Task<bool> RecordAsync(CertificateRecord record);

    [Alias("get")]
    Task<CertificateRecord?> GetAsync();
}
