namespace Eals.Tests.Shared;

/// <summary>The silo executable from the solution's build output (Silo/bin/&lt;configuration&gt;/&lt;tfm&gt;/Eals.Silo.dll).</summary>
public static class BuiltSilo
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // The test assembly lives in tests/<project>/bin/<configuration>/<tfm>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string tfm = here.Name;
        string configuration = here.Parent!.Name;
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Orleans.sln")))
            {
                string dll = System.IO.Path.Combine(folder.FullName, "Silo", "bin", configuration, tfm, "Eals.Silo.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
            }
        }
        throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
