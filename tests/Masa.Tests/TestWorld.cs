namespace Eals.Masa.Tests;

/// <summary>What most tests need: a data folder of their own (removed afterwards) and two operator domains.</summary>
public sealed class TestWorld : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Data => _folder.Path;

    public TestDomain A { get; } = new("A");

    public TestDomain B { get; } = new("B");

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        _folder.Dispose();
    }
}
