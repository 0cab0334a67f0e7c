using Eals.Silo.Storage;
using Eals.Tests.Shared;
using Orleans.Storage;

namespace Eals.Silo.Tests.Storage;

/// <summary>The grain storage contract on the embedded default's SQLite file.</summary>
public sealed class SqliteGrainLookupTests : GrainStorageContract, IAsyncDisposable
{
    private readonly StorageFolder _folder = new();
    private readonly List<SqliteGrainStorage> _opened = [];

    protected override Task<IGrainStorage> OpenAsync()
    {
        var storage = TestStorage.Open(_folder.DatabasePath, _folder.Time);
        _opened.Add(storage);
        return Task.FromResult<IGrainStorage>(storage);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }
        _folder.Dispose();
    }
}
