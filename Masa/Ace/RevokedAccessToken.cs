namespace Eals.Masa.Ace;

/// <summary>The answer to a revocation: which token (cti, hex) and since when introspection answers it inactive.</summary>
public sealed record RevokedAccessToken(string TokenId, DateTimeOffset RevokedAt);
