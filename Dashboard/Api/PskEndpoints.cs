using Eals.Grains;
using Eals.Dashboard.Security;
using Eals.Grains.Psk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Api;

/// <summary>
/// Pre-shared keys (RFC 9031 style), administrators only; secrets go in and never come out:
/// <code>
/// GET    /api/psk               imported keys: serial, subject, idContext, importedAt, importedBy, firstUsedAt
/// POST   /api/psk               {"serial", "masterSecret": HEX, "idContext"?: HEX, "subject"?}   201 | 400 | 409
/// POST   /api/psk/batch         JSON lines, one such object a line; all validated before any is stored
/// DELETE /api/psk/{idContext}   removes the key and its OSCORE context                            204 | 404
/// </code>
/// </summary>
public static class PskEndpoints
{
    /// <summary>A batch file of at most 4 MiB.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static RouteGroupBuilder MapPskApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/psk").RequireAuthorization(OperatorPolicies.Administer);
        api.MapGet("", async (IGrainFactory grains) => Results.Ok(await grains.ListPskKeysAsync()));
        api.MapPost("", async (PskImportRequest body, HttpContext http, IGrainFactory grains) =>
        {
            var (import, problem) = PskImportLines.Convert(body, OperatorName(http));
            if (import is null)
            {
                return Refused(StatusCodes.Status400BadRequest, problem!);
            }
            var key = grains.Reference<IPskGrain>(Convert.ToHexStringLower(import.IdContext));
            return await key.ImportAsync(import) is { } conflict
                ? Refused(StatusCodes.Status409Conflict, conflict)
                : Results.Created($"/api/psk/{Convert.ToHexStringLower(import.IdContext)}", await key.GetAsync());
        });
        api.MapPost("/batch", async (HttpContext http, IGrainFactory grains) =>
        {
            if (http.Request.ContentLength > MaxBatchBytes)
            {
                return Refused(StatusCodes.Status413PayloadTooLarge, $"a batch is at most {MaxBatchBytes} bytes");
            }
            using var reader = new StreamReader(http.Request.Body);
            var (imports, problem) = PskImportLines.Parse(await reader.ReadToEndAsync(http.RequestAborted), OperatorName(http));
            if (problem is not null)
            {
                return Refused(StatusCodes.Status400BadRequest, problem);
            }
            // Every line is checked against the stored keys before any is imported; keys are independent grains,
            // so both passes run several lines at once.
            if (await FirstProblemAsync(imports, (grain, import) => grain.CheckAsync(import), grains, http.RequestAborted) is { } conflict)
            {
                return Refused(StatusCodes.Status409Conflict, $"line {conflict.Line}: {conflict.Problem}");
            }
            if (await FirstProblemAsync(imports, (grain, import) => grain.ImportAsync(import), grains, CancellationToken.None) is { } changed)
            {
                return Refused(StatusCodes.Status409Conflict, $"line {changed.Line}: {changed.Problem} (changed since the check; the other lines were imported)");
            }
            return Results.Ok(new { imported = imports.Count });
        }).Accepts<string>("application/x-ndjson", "text/plain");
        api.MapDelete("/{idContext}", async (string idContext, IGrainFactory grains) =>
            await grains.Reference<IPskGrain>(idContext.ToLowerInvariant()).RemoveAsync()
                ? Results.NoContent()
                : Refused(StatusCodes.Status404NotFound, $"no key is imported for ID context '{idContext}'"));
        return api;
    }

    /// <summary>How many lines of a batch are checked or imported at once.</summary>
    public const int BatchParallelism = 16;

    private static IPskGrain Grain(IGrainFactory grains, PskImport import) => grains.Reference<IPskGrain>(Convert.ToHexStringLower(import.IdContext));

    // Runs every line (an import is not cut short once started: its lines are independent keys) and returns the
    // problem of the lowest line number that had one.
    private static async Task<(int Line, string Problem)?> FirstProblemAsync(IReadOnlyList<(int Line, PskImport Import)> imports,
        Func<IPskGrain, PskImport, Task<string?>> step, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<(int Line, string Problem)>();
        await Parallel.ForEachAsync(imports, new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken }, async (item, _) =>
        {
            if (await step(Grain(grains, item.Import), item.Import) is { } problem)
            {
                problems.Add((item.Line, problem));
            }
        });
        return problems.IsEmpty ? null : problems.MinBy(p => p.Line);
    }

    private static string OperatorName(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static IResult Refused(int status, string detail) => Results.Problem(statusCode: status, title: "Pre-shared key refused", detail: detail);
}
