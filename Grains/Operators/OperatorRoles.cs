namespace Eals.Grains.Operators;

/// <summary>The three operator roles; each implies the ones below it (admin ⊃ approver ⊃ viewer).</summary>
public static class OperatorRoles
{
    public const string Viewer = "viewer";
    public const string Approver = "approver";
    public const string Admin = "admin";

    /// <summary>All roles, weakest first.</summary>
    public static readonly string[] All = [Viewer, Approver, Admin];

    public static bool IsRole(string? role) => role is Viewer or Approver or Admin;

    /// <summary>The roles granted with <paramref name="roles"/>, implied ones included (admin gives approver and viewer).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> roles)
    {
        int strongest = roles.Select(r => Array.IndexOf(All, r)).DefaultIfEmpty(-1).Max();
        return [.. All.Take(strongest + 1)];
    }

    /// <summary>Roles as given by a caller, lower-cased and de-duplicated; null when one is not a role or none is given.</summary>
    public static string[]? Parse(IEnumerable<string>? roles)
    {
        var parsed = (roles ?? []).Select(r => (r ?? "").Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        return parsed.Length > 0 && parsed.All(IsRole) ? parsed : null;
    }
}
