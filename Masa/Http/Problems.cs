using Eals.Masa.Requests;
using Microsoft.AspNetCore.Http;

namespace Eals.Masa.Http;

/// <summary>RFC 9457 problem details for every refusal, with the reason the audit log records.</summary>
internal static class Problems
{
    public static IResult From(MasaRefusal refusal) => Results.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail);

    public static IResult Unauthorized() => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Operator token required",
        detail: "Send Authorization: Bearer <token> with Masa:AdminToken, or the content of masa/admin.token under the data folder.");
}
