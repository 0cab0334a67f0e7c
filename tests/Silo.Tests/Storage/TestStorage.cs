using Eals.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Eals.Silo.Tests.Storage;

/// <summary>The serializers a silo gives the SQLite grain storage, and a storage on a test's own file.</summary>
public static class TestStorage
{
    public static readonly IGrainStorageSerializer Binary = new OrleansGrainStorageSerializer(
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    // Orleans' default grain storage serializer, which the releases before wrote every row with.
    public static readonly IGrainStorageSerializer Json = new JsonGrainStorageSerializer(
        new OrleansJsonSerializer(Options.Create(new OrleansJsonSerializerOptions())));

    public static SqliteGrainStorage Open(string databasePath, TimeProvider time, string name = "test") => new(name, new SqliteGrainStorageOptions
    {
        DatabasePath = databasePath,
        GrainStorageSerializer = Binary,
        LegacyJsonSerializer = Json,
    }, time, NullLogger<SqliteGrainStorage>.Instance);

    public static GrainId Grain(string key) => GrainId.Create("pledge", key);
}
