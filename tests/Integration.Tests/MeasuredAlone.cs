namespace Eals.Integration.Tests;

/// <summary>
/// Tests that measure the process's memory run in this collection: after every parallel test class has finished, one
/// at a time, so another test's allocations do not count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
