using System.Globalization;
using Eals.Masa.Admin;
using Eals.Masa.Storage;
using Microsoft.AspNetCore.Http;

namespace Eals.Masa.Http;

/// <summary>
/// Operator views, behind the bearer token (<see cref="AdminToken"/>): <c>GET /audit</c> (newest first; <c>limit</c>
/// 1..1000, default 100; <c>before</c> an id, for paging; <c>serial</c> to filter) and <c>GET /ownership/{serial}</c>.
/// </summary>
internal static class AdminEndpoints
{
    public const string AuditPath = "/audit";
    public const string OwnershipPath = "/ownership/{serial}";
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IResult Audit(HttpContext context, AdminToken token, MasaStore store)
    {
        if (!Authorized(context, token))
        {
            return Problems.Unauthorized();
        }

        var query = context.Request.Query;
        int limit = DefaultLimit;
        long before = long.MaxValue;
        if ((query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            || (query.TryGetValue("before", out var beforeText) && (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out before) || before < 1)))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad query", detail: $"limit must be a whole number from 1 to {MaxLimit}, and before a positive audit id.");
        }

        string? serial = query.TryGetValue("serial", out var serialText) ? serialText.ToString() : null;
        return Results.Json(store.ReadAudit(before, limit, serial));
    }

    public static IResult Ownership(HttpContext context, AdminToken token, MasaStore store, string serial)
    {
        if (!Authorized(context, token))
        {
            return Problems.Unauthorized();
        }

        return store.FindOwner(serial) is { } owner
            ? Results.Json(owner)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not claimed", detail: "No domain has claimed this serial number.");
    }

    internal static bool Authorized(HttpContext context, AdminToken token)
    {
        if (token.Accepts(context.Request.Headers.Authorization))
        {
            return true;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return false;
    }
}
