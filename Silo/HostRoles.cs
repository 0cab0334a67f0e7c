using Microsoft.Extensions.Configuration;

namespace Eals.Silo;

/// <summary>Reads the <see cref="HostRole"/> from configuration, with a message that lists the valid values.</summary>
public static class HostRoles
{
    public const string ConfigurationKey = "Host:Role";

    public static HostRole From(IConfiguration configuration)
    {
        string? value = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return HostRole.Embedded;
        }
        return Enum.TryParse<HostRole>(value, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new InvalidOperationException($"--role (Host:Role) is '{value}'; use silo, gateway or leave it out for the embedded default.");
    }

    public static HostRole From(string[] args) =>
        From(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args, SiloCommandLine.SwitchMappings).Build());
}
