namespace Eals.Deployment.Tests;

public sealed class ManifestShapeTests
{
    [Fact]
    public void Every_yaml_document_has_api_version_kind_and_name()
    {
        Assert.NotEmpty(Manifests.All);
        foreach (var document in Manifests.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(document.Root.Str("apiVersion")), document.ToString());
            Assert.False(string.IsNullOrWhiteSpace(document.Kind), document.ToString());
            Assert.False(string.IsNullOrWhiteSpace(document.Name), document.ToString());
        }
    }

    [Fact]
    public void Base_and_both_overlays_have_a_kustomization()
    {
        string[] expected = ["k8s/base/kustomization.yaml", "k8s/overlays/postgres-statefulset/kustomization.yaml", "k8s/overlays/external-postgres/kustomization.yaml"];
        var kustomizations = Manifests.All.Where(d => d.Kind == "Kustomization").Select(d => d.File).ToHashSet(StringComparer.Ordinal);
        Assert.All(expected, file => Assert.Contains(file, kustomizations));
    }

    [Fact]
    public void Every_kustomization_resource_exists_and_every_manifest_is_listed_somewhere()
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kustomization in Manifests.All.Where(d => d.Kind == "Kustomization"))
        {
            string folder = Path.GetDirectoryName(Path.Combine(Manifests.RepositoryRoot, kustomization.File))!;
            foreach (string resource in kustomization.Root.Strings("resources"))
            {
                string full = Path.GetFullPath(Path.Combine(folder, resource));
                bool exists = File.Exists(full) || File.Exists(Path.Combine(full, "kustomization.yaml"));
                Assert.True(exists, $"{kustomization.File} lists {resource}, which does not exist");
                listed.Add(full);
            }
        }
        foreach (string file in Manifests.YamlFiles().Where(f => Path.GetFileName(f) != "kustomization.yaml"))
        {
            Assert.True(listed.Contains(Path.GetFullPath(file)), $"{file} is in no kustomization's resources");
        }
    }

    [Fact]
    public void Base_names_are_unique_per_kind()
    {
        var duplicates = Manifests.All.Where(d => d.File.StartsWith("k8s/base/", StringComparison.Ordinal))
            .GroupBy(d => (d.Kind, d.Name)).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_service_selects_the_pods_of_a_workload_and_targets_a_named_container_port()
    {
        var workloads = Manifests.All.Where(d => d.Kind is "Deployment" or "StatefulSet").ToList();
        foreach (var service in Manifests.All.Where(d => d.Kind == "Service"))
        {
            var selector = service.Root.Map("spec").Map("selector");
            var matches = workloads.Where(w => selector.All(pair => w.PodLabels().OptStr(pair.Key) == (string?)pair.Value)).ToList();
            Assert.True(matches.Count == 1, $"{service} selects {matches.Count} workloads");
            var ports = matches[0].PodSpec().Maps("containers").SelectMany(c => c.Maps("ports")).ToList();
            foreach (var port in service.Root.Map("spec").Maps("ports"))
            {
                string target = port.OptStr("targetPort") ?? port.Str("port");
                string protocol = port.OptStr("protocol") ?? "TCP";
                Assert.True(
                    ports.Any(p => (p.OptStr("name") == target || p.Str("containerPort") == target) && (p.OptStr("protocol") ?? "TCP") == protocol),
                    $"{service} port {port.Str("port")} targets {target}/{protocol}, which no container of {matches[0]} declares");
            }
        }
    }

    [Fact]
    public void Disruption_budgets_and_autoscalers_point_at_existing_deployments()
    {
        var deployments = Manifests.All.Where(d => d.Kind == "Deployment").ToList();
        var budgets = Manifests.All.Where(d => d.Kind == "PodDisruptionBudget").ToList();
        var autoscalers = Manifests.All.Where(d => d.Kind == "HorizontalPodAutoscaler").ToList();
        foreach (string name in new[] { "eals-silo", "eals-gateway" })
        {
            var deployment = deployments.Single(d => d.Name == name);
            var labels = deployment.PodLabels();
            Assert.Contains(budgets, b => b.Root.Map("spec").Map("selector").Map("matchLabels").All(pair => labels.OptStr(pair.Key) == (string?)pair.Value));
            Assert.Contains(autoscalers, a => a.Root.Map("spec").Map("scaleTargetRef").Str("name") == name
                && a.Root.Map("spec").Map("scaleTargetRef").Str("kind") == "Deployment");
        }
        Assert.All(autoscalers, a => Assert.True(a.Root.Map("spec").Int("minReplicas") <= a.Root.Map("spec").Int("maxReplicas"), a.ToString()));
    }

    [Fact]
    public void Both_overlays_provide_the_postgres_connection_string_secret_the_workloads_read()
    {
        var references = Manifests.All.Where(d => d.Kind == "Deployment")
            .SelectMany(d => d.PodSpec().Maps("containers"))
            .SelectMany(c => c.Maps("env"))
            .Where(e => e.TryGetValue("valueFrom", out var v) && v is IReadOnlyDictionary<string, object?> from && from.ContainsKey("secretKeyRef"))
            .Select(e => e.Map("valueFrom").Map("secretKeyRef"))
            .Where(r => r.Str("name") == "eals-postgres")
            .Select(r => r.Str("key"))
            .Distinct()
            .ToList();
        Assert.NotEmpty(references);
        foreach (string overlay in new[] { "postgres-statefulset", "external-postgres" })
        {
            var secret = Manifests.All.Single(d => d.Kind == "Secret" && d.Name == "eals-postgres" && d.File.StartsWith($"k8s/overlays/{overlay}/", StringComparison.Ordinal));
            Assert.All(references, key => Assert.True(secret.Root.Map("stringData").ContainsKey(key), $"{overlay} lacks {key}"));
        }
        Assert.DoesNotContain(Manifests.All, d => d.Kind == "Secret" && d.Name == "eals-postgres" && d.File.StartsWith("k8s/base/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_statefulset_overlay_runs_postgres_with_a_volume_claim_template_and_a_service()
    {
        var statefulSet = Manifests.All.Single(d => d.Kind == "StatefulSet" && d.File.StartsWith("k8s/overlays/postgres-statefulset/", StringComparison.Ordinal));
        Assert.NotEmpty(statefulSet.Root.Map("spec").Maps("volumeClaimTemplates"));
        string serviceName = statefulSet.Root.Map("spec").Str("serviceName");
        Assert.Contains(Manifests.All, d => d.Kind == "Service" && d.Name == serviceName);
        var secret = Manifests.All.Single(d => d.Kind == "Secret" && d.Name == "eals-postgres" && d.File.StartsWith("k8s/overlays/postgres-statefulset/", StringComparison.Ordinal));
        Assert.Contains($"Host={serviceName};", secret.Root.Map("stringData").Str("connection-string"), StringComparison.Ordinal);
    }
}
