using System.Collections;
using System.Reflection;
using Eals.Dashboard;
using Eals.Gateway.Hosting;
using Eals.Grains.Pacing;
using Eals.Masa;
using Eals.Masa.Options;
using Eals.Silo;
using Microsoft.Extensions.Configuration;

namespace Eals.Deployment.Tests;

/// <summary>Every Section__Key the manifests set names a real option: a property of an option class
/// (found by its SectionName constant) or a key the host reads directly.</summary>
public sealed class ConfigurationKeyTests
{
    /// <summary>Keys read outside option classes, each from the code's own constant or checked by behaviour below.</summary>
    private static readonly HashSet<string> DirectKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        DataDirectory.ConfigurationKey,
        MasaHost.DataConfigurationKey,
        DashboardEndpoints.UrlsConfigurationKey,
        GatewayHealth.UrlsConfigurationKey,
        Silo.Cluster.KubernetesHosting.ConfigurationKey,
        OrleansDashboardHosting.EnabledConfigurationKey,
        HostRoles.ConfigurationKey,
        StateKeyFile.ConfigurationKey,
        StateKeyFile.RoutingKeyConfigurationKey,
        OperatorToken.ConfigurationKey,
        Dashboard.Security.BootstrapAdmin.PasswordConfigurationKey,
        "Gateway:Enabled",
        "Masa:Hosted",
    };

    /// <summary>Variables for other programs (downward API, Orleans' Kubernetes hosting, OpenTelemetry SDK, ASP.NET Core, PostgreSQL image).</summary>
    private static readonly string[] ForeignPrefixes = ["POD_", "ORLEANS_", "OTEL_", "ASPNETCORE_", "DOTNET_", "POSTGRES_", "PGDATA"];

    private static readonly Lazy<IReadOnlyDictionary<string, Type>> OptionTypes = new(FindOptionTypes);

    [Fact]
    public void Option_classes_are_found_by_reflection()
    {
        var sections = OptionTypes.Value;
        Assert.Equal(typeof(PacingOptions), sections[PacingOptions.SectionName]);
        Assert.Equal(typeof(GatewayOptions), sections[GatewayOptions.SectionName]);
        Assert.Equal(typeof(OrleansOptions), sections[OrleansOptions.SectionName]);
        Assert.Equal(typeof(Silo.Cluster.ClusterModeOptions), sections[Silo.Cluster.ClusterModeOptions.SectionName]);
        Assert.Equal(typeof(MasaOptions), sections[MasaOptions.SectionName]);
        Assert.Equal(typeof(Dashboard.Security.OidcOptions), sections[Dashboard.Security.OidcOptions.SectionName]);
    }

    [Fact]
    public void Every_configuration_key_in_the_manifests_names_a_real_option()
    {
        var keys = ManifestKeys().ToList();
        Assert.Contains(keys, k => k.Key.StartsWith("Pacing:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Key.StartsWith("Gateway:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Key.StartsWith("Cluster:", StringComparison.Ordinal));
        foreach (var (key, _, where) in keys)
        {
            Assert.True(IsKnown(key), $"{where}: {key.Replace(":", "__", StringComparison.Ordinal)} names no option of the code");
        }
    }

    [Theory]
    [InlineData("Pacing:MaxInFlightt")]
    [InlineData("Gateway:Prot")]
    [InlineData("Orleans:SiloPort:0")]
    [InlineData("Clusterr:Provider")]
    [InlineData("Gateway:Addresses:x")]
    public void Misspelt_keys_are_rejected(string key) => Assert.False(IsKnown(key));

    [Theory]
    [InlineData("Gateway:Addresses:0")]
    [InlineData("Pacing:SiteCaps:proxy:10.0.0.7")]
    [InlineData("Registrar:Masa:Url")]
    [InlineData("Registrar:AllowList:0")]
    [InlineData("Dashboard:Oidc:Authority")]
    [InlineData("Dashboard:Oidc:RoleMap:eals-admins")]
    public void Nested_keys_resolve(string key) => Assert.True(IsKnown(key));

    [Fact]
    public void Every_option_section_set_by_the_manifests_binds_its_values()
    {
        foreach (var group in ManifestKeys().GroupBy(k => k.Where))
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(group.Select(k => new KeyValuePair<string, string?>(k.Key, k.Value)))
                .Build();
            foreach (var (section, type) in OptionTypes.Value)
            {
                // Throws on a value that does not convert (a bad TimeSpan, number or enum name).
                var exception = Record.Exception(() => configuration.GetSection(section).Get(type));
                Assert.True(exception is null, $"{group.Key}: section {section} does not bind: {exception?.Message}");
            }
        }
    }

    [Fact]
    public void Direct_boolean_keys_have_the_effect_the_manifests_want()
    {
        var silo = Manifests.Single("Deployment", "eals-silo").Container("silo").Maps("env")
            .Where(e => e.ContainsKey("value")).ToDictionary(e => e.Str("name").Replace("__", ":", StringComparison.Ordinal), e => e.OptStr("value"));
        var config = Manifests.Single("ConfigMap", "eals-config").Root.Map("data")
            .ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value as string);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).AddInMemoryCollection(silo).Build();
        Assert.False(EmbeddedSilo.RunsGateway(configuration));
        Assert.False(EmbeddedMasa.IsHosted(configuration));
        Assert.Equal("http://eals-masa:9443/", configuration["Registrar:Masa:Url"]);
    }

    private static IEnumerable<(string Key, string? Value, string Where)> ManifestKeys()
    {
        foreach (var document in Manifests.All)
        {
            if (document.Kind == "ConfigMap" && document.Root.TryGetValue("data", out var data) && data is IReadOnlyDictionary<string, object?> map)
            {
                foreach (var pair in map.Where(p => IsConfigurationVariable(p.Key)))
                {
                    yield return (pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value as string, document.ToString());
                }
            }
            if (document.Kind is "Deployment" or "StatefulSet")
            {
                var pod = document.PodSpec();
                foreach (var container in pod.Maps("containers").Concat(pod.Maps("initContainers")))
                {
                    foreach (var env in container.Maps("env").Where(e => IsConfigurationVariable(e.Str("name"))))
                    {
                        yield return (env.Str("name").Replace("__", ":", StringComparison.Ordinal), env.OptStr("value"), document.ToString());
                    }
                }
            }
        }
    }

    private static bool IsConfigurationVariable(string name) =>
        !ForeignPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !name.Contains('.', StringComparison.Ordinal);

    private static bool IsKnown(string key)
    {
        if (DirectKeys.Contains(key))
        {
            return true;
        }
        // The longest section name that prefixes the key ("Registrar:Masa" before "Registrar").
        foreach (var (section, type) in OptionTypes.Value.OrderByDescending(p => p.Key.Length))
        {
            if (key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase) && Resolves(type, key[(section.Length + 1)..].Split(':')))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Resolves(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return true;
        }
        if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)))
        {
            return int.TryParse(path[0], out int index) && index >= 0 && Resolves(type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0], path[1..]);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            // Dictionary keys may themselves contain ':' (e.g. Pacing:SiteCaps:proxy:10.0.0.7): any key, a scalar value.
            return IsScalar(type.GetGenericArguments()[1]) || Resolves(type.GetGenericArguments()[1], path[1..]);
        }
        if (IsScalar(type) || typeof(IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && (property.CanWrite || !IsScalar(property.PropertyType)) && Resolves(property.PropertyType, path[1..]);
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime);
    }

    private static Dictionary<string, Type> FindOptionTypes()
    {
        Assembly[] assemblies = [typeof(OrleansOptions).Assembly, typeof(GatewayOptions).Assembly, typeof(PacingOptions).Assembly, typeof(MasaOptions).Assembly, typeof(DashboardEndpoints).Assembly];
        return assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(p => p.Field is { IsLiteral: true } && p.Field.FieldType == typeof(string))
            .ToDictionary(p => (string)p.Field!.GetRawConstantValue()!, p => p.Type, StringComparer.OrdinalIgnoreCase);
    }
}
