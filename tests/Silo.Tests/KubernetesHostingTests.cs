using Eals.Silo.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace Eals.Silo.Tests;

/// <summary>
/// When a silo uses Orleans' Kubernetes hosting: in <c>--role silo</c> inside a pod (or when told so),
/// never in the embedded default or a stand-alone gateway. Checked on the decision and on the services a
/// silo builder gets; no Kubernetes API server is contacted (the hosting package does so only at start).
/// </summary>
public sealed class KubernetesHostingTests
{
    private const string InPod = "10.96.0.1";

    [Theory]
    [InlineData(HostRole.Silo, null, InPod, true)]
    [InlineData(HostRole.Silo, "auto", InPod, true)]
    [InlineData(HostRole.Silo, "AUTO", null, false)]
    [InlineData(HostRole.Silo, null, null, false)]
    [InlineData(HostRole.Silo, null, "", false)]
    [InlineData(HostRole.Silo, "true", null, true)]
    [InlineData(HostRole.Silo, "false", InPod, false)]
    [InlineData(HostRole.Embedded, null, InPod, false)]
    [InlineData(HostRole.Gateway, "auto", InPod, false)]
    [InlineData(HostRole.Gateway, "false", InPod, false)]
    public void Silos_in_pods_use_kubernetes_hosting_unless_turned_off(HostRole role, string? setting, string? serviceHost, bool expected) =>
        Assert.Equal(expected, KubernetesHosting.IsUsed(role, setting, serviceHost));

    [Theory]
    [InlineData(HostRole.Embedded)]
    [InlineData(HostRole.Gateway)]
    public void Forcing_kubernetes_hosting_on_a_process_that_is_no_cluster_silo_is_refused(HostRole role)
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesHosting.IsUsed(role, "true", InPod));
        Assert.Contains("--role silo only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_setting_is_refused_with_the_valid_values()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesHosting.IsUsed(HostRole.Silo, "yes", InPod));
        Assert.Contains("use auto, true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_builder_registers_kubernetes_hosting_in_a_pod_and_reads_the_pods_identity()
    {
        var services = SiloServices(("Host:Role", "silo"), (KubernetesHosting.ServiceHostVariable, InPod));
        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<KubernetesHostingOptions>));
        Assert.Contains(services, d => d.ServiceType == typeof(IConfigureOptions<KubernetesHostingOptions>));
    }

    [Theory]
    [InlineData("silo", null)]
    [InlineData("silo", "false")]
    [InlineData(null, null)]
    public void The_silo_builder_leaves_kubernetes_hosting_out_elsewhere(string? role, string? setting)
    {
        var services = SiloServices(("Host:Role", role), (KubernetesHosting.ConfigurationKey, setting),
            (KubernetesHosting.ServiceHostVariable, setting is null ? null : InPod));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IValidateOptions<KubernetesHostingOptions>));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConfigureOptions<KubernetesHostingOptions>));
    }

    /// <summary>The service registrations of a silo builder after the call EmbeddedSilo makes; nothing is built or started.</summary>
    private static List<ServiceDescriptor> SiloServices(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseKubernetesHostingWhenDeployed(configuration));
        return [.. builder.Services];
    }
}
