namespace Eals.Grains.Registrar;

/// <summary>
/// An enrollment group: pledges whose IDevID serial starts with <see cref="SerialPrefix"/> (and, when set,
/// whose IDevID issuer is <see cref="Manufacturer"/>) are approved at once when <see cref="AutoApprove"/>.
/// </summary>
public sealed class EnrollmentGroupOptions
{
    public string Name { get; set; } = "";
    public string SerialPrefix { get; set; } = "";
    /// <summary>The IDevID issuer's distinguished name, as X509Certificate2.Issuer prints it; empty matches any manufacturer.</summary>
    public string? Manufacturer { get; set; }
    public bool AutoApprove { get; set; } = true;
}
