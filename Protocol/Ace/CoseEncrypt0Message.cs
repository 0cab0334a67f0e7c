namespace Eals.Protocol.Ace;

/// <summary>A parsed COSE_Encrypt0: its protected header bytes (authenticated), IV, optional kid and ephemeral P-256 key, and ciphertext.</summary>
public sealed record CoseEncrypt0Message(byte[] ProtectedHeader, byte[] Iv, byte[]? Kid, byte[]? EphemeralX, byte[]? EphemeralY, byte[] Ciphertext);
