using Orleans.Storage;

namespace Eals.Silo.Storage;

/// <summary>Where and how durably <see cref="SqliteGrainStorage"/> keeps grain state.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The SQLite database file; created with its folder on first use.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// Commit durability. <c>true</c> (the default) is <c>PRAGMA synchronous=FULL</c>: a write that returned
    /// survives power loss, which OSCORE sequence-number ceilings and issued certificates need. <c>false</c>
    /// is <c>NORMAL</c>: survives a process crash but may lose the last commits on power loss.
    /// </summary>
    public bool SynchronousFull { get; set; } = true;

    /// <summary>Writes all state and reads what it wrote; Orleans' binary serializer unless configured.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>
    /// Reads the rows stored before state was binary (format <c>json</c>); Orleans' default grain storage
    /// serializer, the Newtonsoft JSON one those releases wrote with, unless configured.
    /// </summary>
    public IGrainStorageSerializer LegacyJsonSerializer { get; set; } = null!;
}
