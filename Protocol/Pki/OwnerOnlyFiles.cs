namespace Eals.Protocol.Pki;

/// <summary>
/// Creates files that hold or sit beside secrets (PKI keys, the MASA credential, tokens, sealing keys): written to a temporary file that open(2) creates with the final mode (0600 for secrets),
/// synced, then linked into place without overwriting, so readers see no file or the whole file, never a readable key.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes <paramref name="content"/> to a new file; throws <see cref="IOException"/> when <paramref name="path"/> already exists.</summary>
    public static void CreateNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateFolder(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Creates <paramref name="folder"/> (and missing parents) readable by the owner only; an existing folder is left as it is.</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
