using Microsoft.Extensions.Configuration;

namespace Eals.Silo;

/// <summary>The folder that holds all persistent state of the embedded default (created on first run, owner-only).</summary>
public sealed class DataDirectory
{
    public const string ConfigurationKey = "Data:Path";

    private DataDirectory(string path) => Path = path;

    public string Path { get; }

    public static DataDirectory Prepare(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        var path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, Environment.CurrentDirectory);
        var directory = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }
        return new DataDirectory(path);
    }
}
