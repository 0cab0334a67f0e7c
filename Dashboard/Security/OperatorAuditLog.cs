using Eals.Grains;
using System.Collections.Concurrent;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Security;

/// <summary>
/// Writes operator actions to the day's audit pages (<see cref="IOperatorAuditGrain"/>): each entry goes
/// to the first page of its UTC day that is not full. Remembers the page in use per day, so a busy day
/// costs one grain call per entry.
/// </summary>
public sealed class OperatorAuditLog(IGrainFactory grains, TimeProvider time)
{
    private const int MaxNameLength = 64;
    private readonly ConcurrentDictionary<DateOnly, int> _pages = new();

    /// <summary>Records what <paramref name="http"/> did, by whom (or, for a login, the name tried), with its outcome.</summary>
    public Task RecordAsync(HttpContext http, int status, string? detail = null, string? attemptedName = null)
    {
        var user = http.User;
        string action = http.GetEndpoint() is Microsoft.AspNetCore.Routing.RouteEndpoint route
            ? $"{http.Request.Method} /{route.RoutePattern.RawText?.Trim('/')}"
            : $"{http.Request.Method} {http.Request.Path}";
        string? name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : attemptedName;
        // A login attempt is anonymous until it succeeds: its scheme is the session cookie it asks for.
        string? scheme = OperatorPrincipal.Scheme(user) ?? (attemptedName is null ? null : OperatorSchemes.Cookie);
        var entry = new AuditEntry(time.GetUtcNow(), Truncate(name), scheme, action,
            http.Request.Path.Value ?? "/", status, http.Connection.RemoteIpAddress?.ToString(), detail);
        return AppendAsync(entry);
    }

    public async Task AppendAsync(AuditEntry entry)
    {
        var day = DateOnly.FromDateTime(entry.At.UtcDateTime);
        int page = _pages.GetValueOrDefault(day);
        while (!await grains.Reference<IOperatorAuditGrain>(OperatorAuditGrain.Key(day, page)).AppendAsync(entry))
        {
            page++;
        }
        _pages[day] = page;
    }

    public Task<AuditPage> ReadAsync(DateOnly day, int page) => grains.Reference<IOperatorAuditGrain>(OperatorAuditGrain.Key(day, page)).ReadAsync();

    private static string? Truncate(string? name) => name is { Length: > MaxNameLength } ? name[..MaxNameLength] : name;
}
