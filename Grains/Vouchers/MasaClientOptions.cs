namespace Eals.Grains.Vouchers;

/// <summary>Configuration section "Registrar:Masa": where the MASA is (empty: the one this process hosts) and how long to wait.</summary>
public sealed class MasaClientOptions
{
    public const string SectionName = "Registrar:Masa";

    public string? Url { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Back-off after an unreachable MASA: 2^attempts seconds, at most this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);
}
