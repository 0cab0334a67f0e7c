namespace Eals.Grains.Psk;

/// <summary>
/// The key of a pre-shared-key security context grain: "{hex ID Context}-{hex kid}". Under RFC 9031 every
/// pledge has the same (empty) kid, so the ID Context the pledge sends as 'kid context' tells them apart.
/// EDHOC contexts are keyed by the plain hex kid, which never contains '-': the two never collide.
/// </summary>
public static class PskContextKey
{
    public static string For(ReadOnlySpan<byte> idContext, ReadOnlySpan<byte> kid)
        => $"{Convert.ToHexStringLower(idContext)}-{Convert.ToHexStringLower(kid)}";
}
