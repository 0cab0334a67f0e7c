namespace Eals.Protocol.Edhoc;

/// <summary>
/// Everything a session carries between steps, as plain byte arrays so it serialises trivially. Each
/// state uses the fields its next step needs; the others stay empty.
/// </summary>
internal sealed record EdhocSessionState
{
    public EdhocPhase Phase { get; init; }
    public bool IsInitiator { get; init; }
    public EdhocMethod Method { get; init; }
    public int Suite { get; init; }
    public int[] SuitesI { get; init; } = [];
    public byte[] EphemeralPrivateKey { get; init; } = [];
    public byte[] GX { get; init; } = [];
    public byte[] GY { get; init; } = [];
    public byte[] ConnectionIdI { get; init; } = [];
    public byte[] ConnectionIdR { get; init; } = [];
    public byte[] HashMessage1 { get; init; } = [];
    public byte[] Th { get; init; } = [];
    public byte[] Prk2e { get; init; } = [];
    public byte[] Prk3e2m { get; init; } = [];
    public byte[] Prk4e3m { get; init; } = [];
    /// <summary>PLAINTEXT_2 or PLAINTEXT_3 received and not yet verified.</summary>
    public byte[] Plaintext { get; init; } = [];
    public byte[] PeerIdCred { get; init; } = [];
    public byte[] PeerSignatureOrMac { get; init; } = [];
    public byte[] PeerEad { get; init; } = [];
    public byte[] PrkOut { get; init; } = [];
    public byte[] PrkExporter { get; init; } = [];

    public EdhocCipherSuite CipherSuite => EdhocCipherSuite.Find(Suite) ?? throw new InvalidOperationException($"suite {Suite} not implemented");

    /// <summary>Keys and transcript are secret: only the phase shows.</summary>
    public override string ToString() => $"EdhocSessionState({Phase}, method {(int)Method}, suite {Suite})";
}
