using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace Eals.Silo.Cluster;

/// <summary>
/// <c>Microsoft.Orleans.Hosting.Kubernetes</c> for silos in pods (<c>--role silo</c> only): silo name from
/// POD_NAME, advertised address from POD_IP, namespace from POD_NAMESPACE, service and cluster id from
/// ORLEANS_SERVICE_ID and ORLEANS_CLUSTER_ID; it labels its own pod and watches the cluster's pods, so a
/// deleted pod's silo is declared dead at once. <c>Cluster:Kubernetes</c>: auto (default: when
/// KUBERNETES_SERVICE_HOST is set, as in every pod), true or false.
/// </summary>
public static class KubernetesHosting
{
    public const string ConfigurationKey = "Cluster:Kubernetes";

    /// <summary>Set by the kubelet in every container of a pod.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The environment variables the hosting package reads (KubernetesHostingOptions' names).</summary>
    public static readonly IReadOnlyList<string> EnvironmentVariables =
    [
        Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodNameEnvironmentVariable,
        Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodIPEnvironmentVariable,
        Orleans.Hosting.Kubernetes.KubernetesHostingOptions.ServiceIdEnvironmentVariable,
        Orleans.Hosting.Kubernetes.KubernetesHostingOptions.ClusterIdEnvironmentVariable,
    ];

    /// <summary>Whether a process of <paramref name="role"/> uses Kubernetes hosting, given the setting and the pod's environment.</summary>
    public static bool IsUsed(HostRole role, string? setting, string? kubernetesServiceHost)
    {
        string mode = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim().ToLowerInvariant();
        bool wanted = mode switch
        {
            "auto" => !string.IsNullOrWhiteSpace(kubernetesServiceHost),
            "true" => true,
            "false" => false,
            _ => throw new InvalidOperationException($"{ConfigurationKey} is '{setting}'; use auto, true or false."),
        };
        if (wanted && mode == "true" && role != HostRole.Silo)
        {
            throw new InvalidOperationException($"{ConfigurationKey} is true, but Kubernetes hosting is for --role silo only (this process is {role}).");
        }
        return wanted && role == HostRole.Silo;
    }

    public static bool IsUsed(IConfiguration configuration) =>
        IsUsed(HostRoles.From(configuration), configuration[ConfigurationKey], configuration[ServiceHostVariable] ?? Environment.GetEnvironmentVariable(ServiceHostVariable));

    public static ISiloBuilder UseKubernetesHostingWhenDeployed(this ISiloBuilder silo, IConfiguration configuration) =>
        IsUsed(configuration) ? silo.UseKubernetesHosting() : silo;
}
