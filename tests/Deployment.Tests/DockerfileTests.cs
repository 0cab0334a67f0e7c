using System.Xml.Linq;

namespace Eals.Deployment.Tests;

/// <summary>One multi-stage Dockerfile per deployable: SDK build, ASP.NET runtime, non-root, the right project.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string> Deployables => new()
    {
        { "Silo/Dockerfile", "Silo/Silo.csproj" },
        { "Masa/Dockerfile", "Masa/Masa.csproj" },
    };

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Dockerfile_builds_with_the_sdk_and_runs_on_aspnet_as_a_non_root_user(string dockerfile, string project)
    {
        var lines = Instructions(dockerfile);
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, from.Count);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", from[0], StringComparison.Ordinal);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0", from[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l == $"RUN dotnet publish {project} -c Release -o /app --no-restore");
        Assert.Contains(lines, l => l.StartsWith("COPY --from=build ", StringComparison.Ordinal));
        int lastFrom = lines.LastIndexOf(from[1]);
        string user = lines.Skip(lastFrom).Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        string assembly = XDocument.Load(Path.Combine(Manifests.RepositoryRoot, project)).Descendants("AssemblyName").Single().Value;
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", lines.Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Dockerfile_copies_every_project_the_deployable_references_and_only_existing_paths(string dockerfile, string project)
    {
        var lines = Instructions(dockerfile);
        var sources = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.StartsWith("COPY --from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();
        Assert.All(sources, source => Assert.True(
            File.Exists(Path.Combine(Manifests.RepositoryRoot, source)) || Directory.Exists(Path.Combine(Manifests.RepositoryRoot, source)),
            $"{dockerfile} copies {source}, which does not exist"));
        Assert.Contains("Directory.Build.props", sources);
        Assert.Contains("Directory.Packages.props", sources);
        foreach (string reference in ProjectClosure(project))
        {
            Assert.Contains(reference, sources);
            Assert.Contains(Path.GetDirectoryName(reference)!.Replace('\\', '/') + "/", sources);
        }
        Assert.Contains(lines, l => l == $"RUN dotnet restore {project}");
    }

    [Fact]
    public void Workloads_run_the_image_the_dockerfile_of_their_role_builds()
    {
        string siloTag = Tag("Silo/Dockerfile");
        string masaTag = Tag("Masa/Dockerfile");
        Assert.StartsWith(siloTag + ":", Manifests.Single("Deployment", "eals-silo").Container("silo").Str("image"), StringComparison.Ordinal);
        Assert.StartsWith(siloTag + ":", Manifests.Single("Deployment", "eals-gateway").Container("gateway").Str("image"), StringComparison.Ordinal);
        Assert.StartsWith(masaTag + ":", Manifests.Single("Deployment", "eals-masa").Container("masa").Str("image"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerignore_keeps_build_output_and_local_data_out_of_the_context()
    {
        var entries = File.ReadAllLines(Path.Combine(Manifests.RepositoryRoot, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("**/bin/", entries);
        Assert.Contains("**/obj/", entries);
        Assert.Contains("**/data/", entries);
        Assert.Contains(".git/", entries);
    }

    private static string Tag(string dockerfile) =>
        File.ReadAllLines(Path.Combine(Manifests.RepositoryRoot, dockerfile))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("#   docker build", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(words => words[Array.IndexOf(words, "-t") + 1])
            .Single();

    private static List<string> Instructions(string dockerfile)
    {
        string path = Path.Combine(Manifests.RepositoryRoot, dockerfile);
        Assert.True(File.Exists(path), $"{dockerfile} is missing");
        return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            if (!found.Add(current))
            {
                continue;
            }
            string folder = Path.GetDirectoryName(Path.Combine(Manifests.RepositoryRoot, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Manifests.RepositoryRoot, current)).Descendants("ProjectReference"))
            {
                string full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Manifests.RepositoryRoot, full).Replace('\\', '/'));
            }
        }
        return found;
    }
}
