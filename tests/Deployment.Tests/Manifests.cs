using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Eals.Deployment.Tests;

/// <summary>One YAML document of a file under k8s/, as plain maps, lists and strings.</summary>
public sealed record ManifestDocument(string File, IReadOnlyDictionary<string, object?> Root)
{
    public string Kind => Root.Str("kind");

    public string Name => Root.Map("metadata").Str("name");

    public override string ToString() => $"{File}: {Kind}/{Name}";
}

/// <summary>Reads every YAML file under the repository's k8s/ folder (multi-document).</summary>
public static class Manifests
{
    private static readonly Lazy<string> RepositoryRootValue = new(FindRepositoryRoot);
    private static readonly Lazy<IReadOnlyList<ManifestDocument>> AllValue = new(Load);

    public static string RepositoryRoot => RepositoryRootValue.Value;

    public static string K8sFolder => Path.Combine(RepositoryRoot, "k8s");

    public static IReadOnlyList<ManifestDocument> All => AllValue.Value;

    public static IEnumerable<string> YamlFiles() =>
        Directory.EnumerateFiles(K8sFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static IReadOnlyList<ManifestDocument> ReadFile(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }
        string relative = Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => new ManifestDocument(relative, ToPlain(d.RootNode) as IReadOnlyDictionary<string, object?>
                ?? throw new InvalidDataException($"{relative}: a document is not a mapping")))
            .ToList();
    }

    public static ManifestDocument Single(string kind, string name) =>
        All.Where(d => d.Kind == kind && d.Name == name && !d.File.Contains("/overlays/", StringComparison.Ordinal))
            .Single();

    private static IReadOnlyList<ManifestDocument> Load() => YamlFiles().SelectMany(ReadFile).ToList();

    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? "",
            pair => ToPlain(pair.Value),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType}"),
    };

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.sln")) && Directory.Exists(Path.Combine(folder.FullName, "k8s")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException("no folder above the test assembly holds Orleans.sln and k8s/");
    }
}

/// <summary>Navigation over the plain tree; a missing or mistyped node fails the test with its path.</summary>
public static class Plain
{
    public static IReadOnlyDictionary<string, object?> Map(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is IReadOnlyDictionary<string, object?> child
            ? child
            : throw new KeyNotFoundException($"no mapping '{key}' (keys: {string.Join(", ", map.Keys)})");

    public static IReadOnlyList<object?> List(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is IReadOnlyList<object?> child
            ? child
            : throw new KeyNotFoundException($"no list '{key}' (keys: {string.Join(", ", map.Keys)})");

    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Maps(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is IReadOnlyList<object?> child
            ? child.Cast<IReadOnlyDictionary<string, object?>>().ToList()
            : [];

    public static string Str(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is string text
            ? text
            : throw new KeyNotFoundException($"no string '{key}' (keys: {string.Join(", ", map.Keys)})");

    public static string? OptStr(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? value as string : null;

    public static int Int(this IReadOnlyDictionary<string, object?> map, string key) =>
        int.Parse(map.Str(key), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static IReadOnlyDictionary<string, object?> PodSpec(this ManifestDocument workload) =>
        workload.Root.Map("spec").Map("template").Map("spec");

    public static IReadOnlyDictionary<string, object?> PodLabels(this ManifestDocument workload) =>
        workload.Root.Map("spec").Map("template").Map("metadata").Map("labels");

    public static IReadOnlyDictionary<string, object?> Container(this ManifestDocument workload, string name) =>
        workload.PodSpec().Maps("containers").Single(c => c.Str("name") == name);

    public static IReadOnlyList<string> Strings(this IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is IReadOnlyList<object?> list ? list.Cast<string>().ToList() : [];
}
