using Eals.Dashboard.Security;
using Eals.Grains.Certificates;
using Eals.Grains.Fleet;
using Eals.Grains.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Api;

/// <summary>
/// Fleet figures, the pledge directory and issued certificates (policy <c>view</c>; problem details on bad input):
/// <code>
/// GET /api/fleet?minutes=60                 pledges per state, pacer totals, pending approvals, completions per minute
/// GET /api/pledges?q=ACME-&amp;state=Enrolled&amp;page=1   pledges whose serial contains q, 50 a page, by serial
/// GET /api/certificates?page=1              issued certificates, newest first, 50 a page
/// GET /api/certificates/{serial}            one certificate's record
/// GET /api/certificates/{serial}.pem        the certificate (application/x-pem-file)
/// </code>
/// </summary>
public static class FleetEndpoints
{
    public const string PemContentType = "application/x-pem-file";

    public static RouteGroupBuilder MapFleetApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(OperatorPolicies.View);
        api.MapGet("/fleet", async (string? minutes, IGrainFactory grains, [FromServices] IPledgeDirectoryStore directory) =>
            QueryInput.TryMinutes(minutes, out int span, out var problem)
                ? Results.Ok(await FleetOverview.ReadAsync(grains, directory, span))
                : problem)
            .Produces<FleetOverview>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/pledges", async (string? q, string? state, string? page, [FromServices] IPledgeDirectoryStore directory) =>
        {
            if (!QueryInput.TrySearchText(q, out var problem) || !QueryInput.TryState(state, out var status, out problem) || !QueryInput.TryPage(page, out int skip, out problem))
            {
                return problem!;
            }
            return Results.Ok(await directory.SearchAsync(new PledgeQuery(q?.Trim(), status), skip, QueryInput.PageSize));
        }).Produces<DirectoryPage<PledgeDirectoryEntry>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/certificates", async (string? page, [FromServices] IPledgeDirectoryStore directory) =>
            QueryInput.TryPage(page, out int skip, out var problem)
                ? Results.Ok(await directory.ListCertificatesAsync(skip, QueryInput.PageSize))
                : problem)
            .Produces<DirectoryPage<IssuedCertificateEntry>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/certificates/{serial}", async (string serial, IGrainFactory grains, HttpContext http) =>
        {
            var (record, problem) = await ReadCertificateAsync(serial, grains, http.RequestServices);
            return record is null ? problem! : Results.Ok(CertificateView.From(record));
        })
            .Produces<CertificateView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/certificates/{serial}.pem", async (string serial, IGrainFactory grains, HttpContext http) =>
        {
            var (record, problem) = await ReadCertificateAsync(serial, grains, http.RequestServices);
            if (record is null)
            {
                return problem!;
            }
            if (record.Der is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No certificate bytes",
                    detail: $"Certificate {record.SerialHex} was recorded before certificates were kept for download.");
            }
            string pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", record.Der) + "\n";
            return Results.File(System.Text.Encoding.ASCII.GetBytes(pem), PemContentType, $"{record.SerialHex}.pem");
        }).Produces(StatusCodes.Status200OK, contentType: PemContentType).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<(CertificateRecord? Record, IResult? Problem)> ReadCertificateAsync(string serial, IGrainFactory grains, IServiceProvider services)
    {
        if (!QueryInput.TryCertificateSerial(serial, out string normalized, out var problem))
        {
            return (null, problem);
        }
        return await CertificateRecords.FindAsync(grains, services.GetService(typeof(IGrainStateLookup)) as IGrainStateLookup, normalized) is { } record
            ? (record, null)
            : (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown certificate", detail: $"No certificate with serial number {normalized} was issued here."));
    }
}
