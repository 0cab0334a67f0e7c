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

    /// <summary>The operator API takes at most this many keys in one batch (the dashboard's PskImportLines.MaxLines).</summary>
    public const int MaxKeysPerImport = 10_000;

    /// <summary>The import files' contents: one JSON line a key, at most <see cref="MaxKeysPerImport"/> keys each.</summary>
    public IReadOnlyList<string> ImportChunks() => [.. Keys.Chunk(MaxKeysPerImport).Select(chunk =>
    {
        var lines = new StringBuilder();
        foreach (var key in chunk)
        {
            lines.Append(key.ToJsonLine()).Append('\n');
        }
        return lines.ToString();
    })];

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

    /// <summary>
    /// Writes the import file (owner-only: it holds every secret) to <paramref name="folder"/>: <c>psk-import.jsonl</c>,
    /// or, above <see cref="MaxKeysPerImport"/> keys, <c>psk-import-1.jsonl</c>, <c>psk-import-2.jsonl</c>, ...; their paths.
    /// </summary>
    public IReadOnlyList<string> WriteImportFiles(string folder)
    {
        var chunks = ImportChunks();
        var paths = new List<string>();
        for (int i = 0; i < chunks.Count; i++)
        {
            string path = Path.Combine(folder, chunks.Count == 1 ? "psk-import.jsonl" : $"psk-import-{i + 1}.jsonl");
            File.Delete(path);
            OwnerOnlyFiles.CreateNew(path, Encoding.UTF8.GetBytes(chunks[i]), OwnerOnlyFiles.Secret);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>
    /// Imports every key through the operator API (admin role), one batch of at most <see cref="MaxKeysPerImport"/>
    /// at a time: each batch all or none, as the endpoint checks it whole first; a refused batch stops the import
    /// (the batches before it stay imported). Throws <see cref="HttpRequestException"/> with the API's reason.
    /// </summary>
    public async Task ImportAsync(HttpClient api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var chunks = ImportChunks();
        for (int i = 0; i < chunks.Count; i++)
        {
            using var body = new StringContent(chunks[i], Encoding.UTF8, "application/x-ndjson");
            using var response = await api.PostAsync(new Uri(ImportPath, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
            try
            {
                await BearerApi.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException refused) when (chunks.Count > 1)
            {
                throw new HttpRequestException($"batch {i + 1} of {chunks.Count} ({i * MaxKeysPerImport} keys imported before it): {refused.Message}", refused, refused.StatusCode);
            }
        }
    }
}
