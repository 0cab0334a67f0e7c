namespace Eals.Silo;

/// <summary>Short command-line switches of the silo host, mapped onto configuration keys.</summary>
public static class SiloCommandLine
{
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data"] = DataDirectory.ConfigurationKey,
        ["--port"] = "Gateway:Port",
        ["--urls"] = "Dashboard:Urls",
        ["--role"] = HostRoles.ConfigurationKey,
    };
}
