namespace Eals.Benchmarks;

/// <summary>The Release build's silo and fleet simulator, which the benchmark commands start as child processes.</summary>
public sealed record ReleaseBuild(string Root, string SiloDll, string PledgeDll)
{
    /// <summary>The build above the working directory or this assembly's folder; null, with the reason on <paramref name="error"/>, when it is not there.</summary>
    public static ReleaseBuild? Find(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (RepositoryRoot() is not { } root)
        {
            error.WriteLine("Orleans.sln not found above the working directory or the benchmark's folder");
            return null;
        }
        var build = new ReleaseBuild(root,
            Path.Combine(root, "Silo", "bin", "Release", "net10.0", "Eals.Silo.dll"),
            Path.Combine(root, "Pledge", "bin", "Release", "net10.0", "Eals.Pledge.dll"));
        foreach (var dll in new[] { build.SiloDll, build.PledgeDll })
        {
            if (!File.Exists(dll))
            {
                error.WriteLine($"{dll} is missing: dotnet build Orleans.sln -c Release first");
                return null;
            }
        }
        return build;
    }

    /// <summary>The folder holding Orleans.sln: from the working directory or from this assembly's folder upwards.</summary>
    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Orleans.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        return null;
    }
}
