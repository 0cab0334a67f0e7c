namespace Eals.Masa.Ace;

/// <summary>One issued access token as the AS remembers it, keyed by its cti; the secrets are sealed (erased once revoked).</summary>
public sealed record AceTokenRecord(byte[] TokenId, string Serial, string Audience, string Scope, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, byte[] SealedSecrets,
    DateTimeOffset? RevokedAt = null);
