using Eals.Dashboard;
using Eals.Gateway.Hosting;
using Eals.Masa.Signing;
using Eals.Protocol.Pki;
using Eals.Silo;
using Eals.Silo.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting.Kubernetes;

namespace Eals.Deployment.Tests;

/// <summary>The manifests agree with what the code reads: roles, ports, paths, labels, configuration.</summary>
public sealed class CodeAgreementTests
{
    private static ManifestDocument Silo => Manifests.Single("Deployment", "eals-silo");

    private static ManifestDocument Gateway => Manifests.Single("Deployment", "eals-gateway");

    private static IReadOnlyDictionary<string, object?> ConfigData => Manifests.Single("ConfigMap", "eals-config").Root.Map("data");

    private static IConfiguration RoleConfiguration(IReadOnlyDictionary<string, object?> container) =>
        new ConfigurationBuilder().AddCommandLine(container.Strings("args").ToArray(), SiloCommandLine.SwitchMappings).Build();

    private static Dictionary<string, string?> EnvValues(IReadOnlyDictionary<string, object?> container) =>
        container.Maps("env").Where(e => e.ContainsKey("value")).ToDictionary(e => e.Str("name"), e => e.OptStr("value"), StringComparer.Ordinal);

    [Fact]
    public void Silo_and_gateway_run_the_roles_the_executable_knows()
    {
        Assert.Equal(HostRole.Silo, HostRoles.From(RoleConfiguration(Silo.Container("silo"))));
        Assert.Equal(HostRole.Gateway, HostRoles.From(RoleConfiguration(Gateway.Container("gateway"))));
    }

    [Fact]
    public void Silo_pods_carry_the_orleans_labels_equal_to_the_configured_service_and_cluster()
    {
        var labels = Silo.PodLabels();
        Assert.Equal(ConfigData.Str("Orleans__ServiceId"), labels.Str("orleans/serviceId"));
        Assert.Equal(ConfigData.Str("Orleans__ClusterId"), labels.Str("orleans/clusterId"));
        var bound = Bind(ConfigData);
        var orleans = OrleansOptions.From(bound);
        Assert.Equal(orleans.ServiceId, labels.Str("orleans/serviceId"));
        Assert.Equal(orleans.ClusterId, labels.Str("orleans/clusterId"));
        Assert.Equal("eals-silo", Silo.PodSpec().Str("serviceAccountName"));
    }

    [Fact]
    public void Silo_pods_get_name_namespace_and_ip_from_the_downward_api_and_advertise_the_pod_ip()
    {
        var env = Silo.Container("silo").Maps("env").ToDictionary(e => e.Str("name"), StringComparer.Ordinal);
        Assert.Equal("metadata.name", env["POD_NAME"].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("status.podIP", env["POD_IP"].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("$(POD_IP)", env["Cluster__AdvertisedAddress"].Str("value"));
        Assert.Equal("eals-postgres", env["Cluster__ConnectionString"].Map("valueFrom").Map("secretKeyRef").Str("name"));
        var names = env.Keys.ToList();
        Assert.True(names.IndexOf("POD_IP") < names.IndexOf("Cluster__AdvertisedAddress"), "$(POD_IP) only expands when POD_IP comes first");
    }

    [Fact]
    public void Rbac_lets_the_silo_service_account_get_list_watch_delete_and_patch_pods()
    {
        var binding = Manifests.Single("RoleBinding", "eals-silo-pods");
        Assert.Contains(binding.Root.Maps("subjects"), s => s.Str("kind") == "ServiceAccount" && s.Str("name") == Silo.PodSpec().Str("serviceAccountName"));
        Assert.Contains(Manifests.All, d => d.Kind == "ServiceAccount" && d.Name == Silo.PodSpec().Str("serviceAccountName"));
        var role = Manifests.Single(binding.Root.Map("roleRef").Str("kind"), binding.Root.Map("roleRef").Str("name"));
        var podRules = role.Root.Maps("rules").Where(r => r.Strings("apiGroups").Contains("") && r.Strings("resources").Contains("pods")).ToList();
        // Kubernetes hosting reads its own pod (get), patches its orleans/* labels onto it (patch), lists and
        // watches the cluster's pods, and deletes the pods of silos declared dead.
        foreach (string verb in new[] { "get", "list", "watch", "delete", "patch" })
        {
            Assert.True(podRules.Any(r => r.Strings("verbs").Contains(verb)), $"no rule allows {verb} on pods");
        }
    }

    [Fact]
    public void Silo_pods_give_every_variable_kubernetes_hosting_reads_and_the_ids_match_the_labels_it_selects_by()
    {
        var env = Silo.Container("silo").Maps("env").ToDictionary(e => e.Str("name"), StringComparer.Ordinal);
        var labels = Silo.PodLabels();
        foreach (string name in KubernetesHosting.EnvironmentVariables)
        {
            Assert.True(env.TryGetValue(name, out var variable), $"the silo container does not set {name}");
            // Each comes from the downward API: the pod's own name, namespace, IP and labels.
            Assert.NotEmpty(variable.Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        }
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']",
            env[KubernetesHostingOptions.ServiceIdEnvironmentVariable].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']",
            env[KubernetesHostingOptions.ClusterIdEnvironmentVariable].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal(ConfigData.Str("Orleans__ServiceId"), labels.Str(KubernetesHostingOptions.ServiceIdLabel));
        Assert.Equal(ConfigData.Str("Orleans__ClusterId"), labels.Str(KubernetesHostingOptions.ClusterIdLabel));

        // In a pod (the kubelet sets KUBERNETES_SERVICE_HOST) the silo turns Kubernetes hosting on and the gateway does not.
        var values = ConfigData.ToDictionary(p => p.Key, p => p.Value);
        foreach (var pair in EnvValues(Silo.Container("silo")))
        {
            values[pair.Key] = pair.Value;
        }
        string? setting = Bind(values)[KubernetesHosting.ConfigurationKey];
        Assert.True(KubernetesHosting.IsUsed(HostRoles.From(RoleConfiguration(Silo.Container("silo"))), setting, "10.96.0.1"));
        Assert.False(KubernetesHosting.IsUsed(HostRoles.From(RoleConfiguration(Gateway.Container("gateway"))), setting, "10.96.0.1"));
        Assert.True(Silo.PodSpec().OptStr("automountServiceAccountToken") != "false", "Kubernetes hosting needs the service account token");
    }

    [Fact]
    public void Gateway_probes_and_health_port_are_the_ones_the_gateway_health_listener_serves()
    {
        using var app = StandaloneGateway.Build([]);
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        var gateway = Gateway.Container("gateway");
        var health = gateway.Maps("ports").Single(p => p.Str("name") == "health");
        Assert.Equal("TCP", health.Str("protocol"));
        var urls = new Uri(EnvValues(gateway)[GatewayHealth.UrlsConfigurationKey.Replace(":", "__", StringComparison.Ordinal)]!);
        Assert.Equal("0.0.0.0", urls.Host);
        Assert.Equal(urls.Port, health.Int("containerPort"));
        Assert.Equal(new Uri(GatewayHealth.DefaultUrls).Port, urls.Port);
        foreach (string probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            var get = gateway.Map(probe).Map("httpGet");
            Assert.Contains(get.Str("path"), routes);
            Assert.Equal("health", get.Str("port"));
        }
        Assert.Equal(GatewayHealth.LivenessPath, gateway.Map("livenessProbe").Map("httpGet").Str("path"));
        Assert.Equal(ClusterReadiness.Path, gateway.Map("readinessProbe").Map("httpGet").Str("path"));
        // The probe must outwait the readiness check's own grain-call timeout, so a slow cluster reads as 503, not as no answer.
        Assert.True(gateway.Map("readinessProbe").Int("timeoutSeconds") > ClusterReadiness.Timeout.TotalSeconds);
        Assert.Contains(Observability.MetricsPath, routes);
    }

    [Fact]
    public void Gateway_listens_on_the_code_default_coap_port_on_all_addresses_and_the_udp_service_targets_it()
    {
        var options = Bind(ConfigData).GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()!;
        Assert.Equal(new GatewayOptions().Port, options.Port);
        Assert.Equal(["0.0.0.0"], options.EffectiveAddresses);
        var port = Gateway.Container("gateway").Maps("ports").Single(p => p.Str("protocol") == "UDP");
        Assert.Equal(options.Port, port.Int("containerPort"));

        var service = Manifests.Single("Service", "eals-coap");
        var servicePort = service.Root.Map("spec").Maps("ports").Single();
        Assert.Equal("UDP", servicePort.Str("protocol"));
        Assert.Equal(new GatewayOptions().Port, servicePort.Int("port"));
        Assert.Equal(port.Str("name"), servicePort.Str("targetPort"));
        Assert.True(service.Root.Map("spec").Map("selector").All(pair => Gateway.PodLabels().OptStr(pair.Key) == (string?)pair.Value));
    }

    [Fact]
    public void Silo_http_port_is_where_the_dashboard_listens_and_the_orleans_ports_are_the_configured_ones()
    {
        var silo = Silo.Container("silo");
        var ports = silo.Maps("ports").ToDictionary(p => p.Str("name"), p => p.Int("containerPort"), StringComparer.Ordinal);
        string urls = EnvValues(silo)[DashboardEndpoints.UrlsConfigurationKey.Replace(":", "__", StringComparison.Ordinal)]!;
        Assert.Equal(new Uri(DashboardEndpoints.DefaultUrls).Port, new Uri(urls).Port);
        Assert.Equal(new Uri(urls).Port, ports["http"]);
        var orleans = OrleansOptions.From(Bind(ConfigData));
        Assert.Equal(orleans.SiloPort, ports["silo"]);
        Assert.Equal(orleans.GatewayPort, ports["orleans-gw"]);
        Assert.Equal(new OrleansOptions().SiloPort, orleans.SiloPort);
        Assert.Equal(new OrleansOptions().GatewayPort, orleans.GatewayPort);
        Assert.False(EmbeddedSilo.RunsGateway(Bind(EnvValues(silo).ToDictionary(p => p.Key, p => (object?)p.Value))), "silos leave CoAP to the gateway Deployment");
    }

    [Fact]
    public void Silo_probes_use_a_path_the_dashboard_maps()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddDashboard();
        // Only registered, never resolved: the route table is read, no request is served.
        builder.Services.AddSingleton<IGrainFactory>(_ => throw new InvalidOperationException("not for this test"));
        using var app = builder.Build();
        app.MapDashboard();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/healthz", routes);
        var silo = Silo.Container("silo");
        var httpPort = silo.Maps("ports").Single(p => p.Str("name") == "http");
        foreach (string probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            var get = silo.Map(probe).Map("httpGet");
            Assert.Contains(get.Str("path"), routes);
            Assert.Equal(httpPort.Str("name"), get.Str("port"));
        }
        // No readiness endpoint of its own yet: readiness uses /healthz too (swap to /readyz once the code maps it).
        Assert.Equal(routes.Contains("/readyz") ? "/readyz" : "/healthz", silo.Map("readinessProbe").Map("httpGet").Str("path"));
    }

    [Fact]
    public void Silos_send_telemetry_to_the_collector_otlp_port()
    {
        var endpoint = new Uri(ConfigData.Str("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var service = Manifests.Single("Service", endpoint.Host);
        Assert.Contains(service.Root.Map("spec").Maps("ports"), p => p.Int("port") == endpoint.Port && p.Str("name") == "otlp-grpc");
        Assert.Contains(Silo.Container("silo").Maps("envFrom"), e => e.Map("configMapRef").Str("name") == "eals-config");
        string collectorConfig = Manifests.Single("ConfigMap", "otel-collector-config").Root.Map("data").Str("config.yaml");
        Assert.Contains($"0.0.0.0:{endpoint.Port}", collectorConfig, StringComparison.Ordinal);
        Assert.Contains("prometheus:", collectorConfig, StringComparison.Ordinal);
        Assert.Contains("debug:", collectorConfig, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_folder_is_on_the_shared_volume_and_the_seeded_files_land_where_the_code_reads_them()
    {
        string data = ConfigData.Str(DataDirectory.ConfigurationKey.Replace(":", "__", StringComparison.Ordinal));
        var silo = Silo.Container("silo");
        var mounts = silo.Maps("volumeMounts");
        var dataMount = mounts.Single(m => data.StartsWith(m.Str("mountPath") + "/", StringComparison.Ordinal));
        var dataVolume = Silo.PodSpec().Maps("volumes").Single(v => v.Str("name") == dataMount.Str("name"));
        string claim = dataVolume.Map("persistentVolumeClaim").Str("claimName");
        var pvc = Manifests.Single("PersistentVolumeClaim", claim);
        Assert.Contains("ReadWriteMany", pvc.Root.Map("spec").Strings("accessModes"));

        var seed = Silo.PodSpec().Maps("initContainers").Single();
        Assert.Equal(data, seed.Strings("command").Last());
        string seedRoot = seed.Maps("volumeMounts").Single(m => m.Str("name") == "seed").Str("mountPath");

        // Every seeded file's path relative to the data folder is a path the code uses.
        var paths = PkiPaths.UnderDataFolder(data);
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            paths.DomainCaCertificate, paths.DomainCaKey, paths.RegistrarCertificate, paths.RegistrarKey,
            paths.ManufacturerCaCertificate, paths.ManufacturerCaKey,
            Path.Combine(Path.GetDirectoryName(paths.ManufacturerCaCertificate)!, MasaSigningIdentity.CertificateFileName),
            Path.Combine(Path.GetDirectoryName(paths.ManufacturerCaCertificate)!, MasaSigningIdentity.KeyFileName),
            OperatorToken.FilePath(data),
            Path.Combine(data, "keys", "state.key"),
            StateKeyFile.RoutingKeyPath(data),
        };
        var items = Silo.PodSpec().Maps("volumes").Single(v => v.Str("name") == "seed").Map("projected").Maps("sources")
            .SelectMany(s => s.Map("secret").Maps("items")).Select(i => i.Str("path")).ToList();
        Assert.Equal(known.Count, items.Count);
        Assert.All(items, item => Assert.Contains(Path.Combine(data, item), known));
        string script = Manifests.Single("ConfigMap", "eals-seed-script").Root.Map("data").Str("seed.sh");
        foreach (string folder in items.Select(i => i.Split('/')[0]).Distinct())
        {
            Assert.Contains($"{folder}:{seedRoot}/{folder}", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cluster_configuration_is_postgres_and_valid_with_the_overlay_connection_string()
    {
        var values = ConfigData.ToDictionary(p => p.Key, p => p.Value);
        values["Cluster__AdvertisedAddress"] = "10.1.2.3";
        values["Cluster__ConnectionString"] = Manifests.All
            .Single(d => d.Kind == "Secret" && d.Name == "eals-postgres" && d.File.Contains("postgres-statefulset", StringComparison.Ordinal))
            .Root.Map("stringData").Str("connection-string");
        var cluster = ClusterModeOptions.From(Bind(values));
        Assert.Equal(ClusterProvider.Postgres, cluster.Provider);
        Assert.Equal("10.1.2.3", cluster.AdvertisedAddress);
    }

    /// <summary>Environment-variable style keys (Section__Key) as configuration, the way the host reads them.</summary>
    internal static IConfiguration Bind(IReadOnlyDictionary<string, object?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value as string)))
            .Build();
}
