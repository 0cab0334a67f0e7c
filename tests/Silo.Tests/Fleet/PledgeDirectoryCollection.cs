namespace Eals.Silo.Tests.Fleet;

/// <summary>The tests that write the pledge directory run one after another: they read its write counter.</summary>
[CollectionDefinition(Name)]
public sealed class PledgeDirectoryCollection
{
    public const string Name = "pledge-directory";
}
