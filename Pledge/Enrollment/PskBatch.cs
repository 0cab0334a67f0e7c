using System.Text;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Pre-shared keys minted for a batch of pledges, as <c>psk-mint</c> and the PSK fleet make them: each pledge's
/// key file under <c>pledges/&lt;serial&gt;/psk.json</c>, and the operator's JSON lines for <c>POST /api/psk/batch</c>.
/// </summary>
public sealed class PskBatch
{
    public const string ImportPath = "api/psk/batch";

    private PskBatch(IReadOnlyList<PskKeyFile> keys) => Keys = keys;

    public IReadOnlyList<PskKeyFile> Keys { get; }

    /// <summary>A new random key for each of <paramref name="serials"/>.</summary>
    public static PskBatch Mint(IEnumerable<string> serials) => new([.. serials.Select(PskKeyFile.Mint)]);

    /// <summary>The import file's content: one JSON line a key.</summary>
    public string ImportLines()
    {
        var lines = new StringBuilder();
        foreach (var key in Keys)
        {
            lines.Append(key.ToJsonLine()).Append('\n');
        }
        return lines.ToString();
    }

    /// <summary>Writes each pledge's key (owner-only) under <paramref name="folder"/>; the key files' paths by serial.</summary>
    public IReadOnlyDictionary<string, string> WritePledgeFiles(string folder)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            string path = Path.Combine(PledgeFiles.FolderFor(folder, key.Serial), "psk.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            key.Write(path);
            paths[key.Serial] = path;
        }
        return paths;
    }

    /// <summary>Writes <c>psk-import.jsonl</c> (owner-only: it holds every secret) to <paramref name="folder"/>; its path.</summary>
    public string WriteImportFile(string folder)
    {
        string path = Path.Combine(folder, "psk-import.jsonl");
        File.Delete(path);
        OwnerOnlyFiles.CreateNew(path, Encoding.UTF8.GetBytes(ImportLines()), OwnerOnlyFiles.Secret);
        return path;
    }

    /// <summary>
    /// Imports every key through the operator API (admin role): all or none, as the endpoint checks the whole
    /// batch first. Throws <see cref="HttpRequestException"/> with the API's reason when it refuses.
    /// </summary>
    public async Task ImportAsync(HttpClient api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var body = new StringContent(ImportLines(), Encoding.UTF8, "application/x-ndjson");
        using var response = await api.PostAsync(new Uri(ImportPath, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        await BearerApi.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
