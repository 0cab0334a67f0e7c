namespace Eals.Silo;

/// <summary>
/// An exclusive lock on <c>.init.lock</c> in the data folder, held while a host creates or loads the files
/// every process of a cluster shares (domain CA, registrar credential, sealing key, tokens, MASA credential),
/// so silos and gateways started at the same moment on one folder never create two different CAs.
/// An OS file lock: released when the holder exits, even after kill -9.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = ".init.lock";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    public static DataFolderLock Acquire(string dataFolder)
    {
        string path = Path.Combine(dataFolder, FileName);
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix; a second process gets IOException until it is released.
                return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(RetryInterval);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
