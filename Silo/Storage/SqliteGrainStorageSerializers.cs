using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Eals.Silo.Storage;

/// <summary>
/// Fills in the serializers of <see cref="SqliteGrainStorageOptions"/> left unset: Orleans' binary serializer
/// for writes (smaller and cheaper than JSON), and for the JSON rows of earlier releases the serializer Orleans'
/// own default configurator picked for them.
/// </summary>
public sealed class SqliteGrainStorageSerializers(IServiceProvider services) : IPostConfigureOptions<SqliteGrainStorageOptions>
{
    public void PostConfigure(string? name, SqliteGrainStorageOptions options)
    {
        if (options.GrainStorageSerializer is null)
        {
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        }
        if (options.LegacyJsonSerializer is null)
        {
            options.LegacyJsonSerializer = services.GetKeyedService<IGrainStorageSerializer>(name) ?? services.GetRequiredService<IGrainStorageSerializer>();
        }
    }
}
