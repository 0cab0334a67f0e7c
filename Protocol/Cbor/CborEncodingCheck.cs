namespace Eals.Protocol.Cbor;

/// <summary>The verdict of <see cref="DeterministicCbor.Check"/>.</summary>
public enum CborEncodingCheck
{
    /// <summary>Well-formed and deterministically encoded.</summary>
    Deterministic,

    /// <summary>Well-formed, but not deterministic (long arguments, indefinite lengths, unsorted or duplicate map keys).</summary>
    NotDeterministic,

    /// <summary>Not well-formed CBOR (truncated, reserved values, stray break).</summary>
    Malformed,
}
