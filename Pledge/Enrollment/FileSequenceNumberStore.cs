using System.Globalization;
using Eals.Protocol.Oscore;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// A pledge's sequence-number ceiling in a file (RFC 8613 appendix B.1.1, as RFC 9031 section 8.1.1 asks of
/// a pledge whose key outlives a run): the ceiling is written (to a new file, flushed, then renamed over
/// the old one) before any number below it is used, so a second run with the same pre-shared key starts at
/// the stored ceiling and never reuses a nonce, and the registrar's replay window accepts it.
/// </summary>
public sealed class FileSequenceNumberStore : IOscoreSequenceNumberStore
{
    private readonly string _path;

    private FileSequenceNumberStore(string path, ulong? ceiling)
    {
        _path = path;
        PersistedCeiling = ceiling;
    }

    public ulong? PersistedCeiling { get; private set; }

    /// <summary>The store at <paramref name="path"/>; a missing file means no number was ever used.</summary>
    public static FileSequenceNumberStore Open(string path)
    {
        if (!File.Exists(path))
        {
            return new FileSequenceNumberStore(path, null);
        }
        string text = File.ReadAllText(path).Trim();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ceiling)
            ? new FileSequenceNumberStore(path, ceiling)
            : throw new InvalidDataException($"{path} does not hold a sequence number; refusing to guess one (a nonce could repeat)");
    }

    public async ValueTask PersistCeilingAsync(ulong ceiling, CancellationToken cancellationToken)
    {
        string next = _path + ".new";
        await using (var file = new FileStream(next, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(ceiling.ToString(CultureInfo.InvariantCulture) + "\n"), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        File.Move(next, _path, overwrite: true);
        PersistedCeiling = ceiling;
    }
}
