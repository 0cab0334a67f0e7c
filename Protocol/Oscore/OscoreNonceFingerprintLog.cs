namespace Eals.Protocol.Oscore;

/// <summary>
/// An <see cref="IOscoreEncryptionObserver"/> that writes one <see cref="OscoreNonceFingerprint"/> line per
/// encryption to a writer, created and owned by the host that injects it (no global state). Lines are
/// flushed one by one so a process killed with SIGKILL leaves every encryption it performed on record.
/// Thread-safe.
/// </summary>
public sealed class OscoreNonceFingerprintLog(TextWriter writer) : IOscoreEncryptionObserver, IDisposable
{
    private readonly Lock _gate = new();

    /// <summary>A log appending to <paramref name="path"/> (created with its folder); others may read or append meanwhile.</summary>
    public static OscoreNonceFingerprintLog AppendTo(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new OscoreNonceFingerprintLog(new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)));
    }

    public void Encrypted(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        string line = OscoreNonceFingerprint.Compute(key, nonce);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            writer.Dispose();
        }
    }
}
