namespace Eals.Pledge.Vectors;

/// <summary>The outcome of one vector: passed, or the first value that differs (or the error that stopped it).</summary>
public sealed record VectorResult(string Id, string? FirstDifference)
{
    public bool Passed => FirstDifference is null;

    public static VectorResult From(string id, VectorCheck check) => new(id, check.FirstDifference);
}
