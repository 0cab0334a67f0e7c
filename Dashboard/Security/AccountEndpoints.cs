using Eals.Grains;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Security;

/// <summary>
/// Local operator accounts (admin), and one's own password (any operator with a local account):
/// <code>
/// GET    /api/accounts                      accounts with their roles (never a hash)
/// POST   /api/accounts                      {"username": "...", "password": "...", "roles": ["approver"]}
/// PUT    /api/accounts/{username}/roles     {"roles": ["viewer"]}          (not taking the last admin's)
/// PUT    /api/accounts/{username}/password  {"password": "..."}            (reset; unlocks)
/// DELETE /api/accounts/{username}                                          (not the last admin)
/// POST   /api/account/password              {"currentPassword": "...", "newPassword": "..."}
/// </code>
/// A change of password or roles ends that account's open sessions.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapOperatorAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup(OperatorRequests.ApiPrefix + "/accounts").RequireAuthorization(OperatorPolicies.Administer);
        accounts.MapGet("", async ([FromServices] IGrainFactory grains) =>
            Results.Ok((await Accounts(grains).ListAsync()).Select(Shown)));
        accounts.MapPost("", async (CreateAccountRequest body, [FromServices] IGrainFactory grains) =>
            Answer(await Accounts(grains).CreateAsync(body.Username ?? "", body.Password ?? "", body.Roles ?? []), created: true));
        accounts.MapPut("/{username}/roles", async (string username, RolesRequest body, [FromServices] IGrainFactory grains) =>
            Answer(await Accounts(grains).SetRolesAsync(username, body.Roles ?? [])));
        accounts.MapPut("/{username}/password", async (string username, PasswordResetRequest body, [FromServices] IGrainFactory grains) =>
            Answer(await Accounts(grains).ResetPasswordAsync(username, body.Password ?? "")));
        accounts.MapDelete("/{username}", async (string username, [FromServices] IGrainFactory grains) =>
            Answer(await Accounts(grains).DeleteAsync(username)));
        endpoints.MapPost(OperatorRequests.ApiPrefix + "/account/password", async (PasswordChangeRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
            OperatorPrincipal.Scheme(http.User) != OperatorSchemes.Cookie
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a local account",
                    detail: "Only an operator logged in with a local account changes its password here; tokens are managed where they are issued.")
                : Answer(await Accounts(grains).ChangePasswordAsync(http.User.Identity!.Name!, body.CurrentPassword ?? "", body.NewPassword ?? "")))
            .RequireAuthorization();
        return endpoints;
    }

    private static IOperatorAccountsGrain Accounts(IGrainFactory grains) => grains.Reference<IOperatorAccountsGrain>(0);

    /// <summary>An account as the API shows it: name, roles, creation, lockout (not the session stamp).</summary>
    private static object Shown(OperatorAccountView account) => new { account.Username, account.Roles, account.CreatedAt, account.LockedUntil };

    private static IResult Answer(AccountChange change, bool created = false) => change.Outcome switch
    {
        AccountChangeOutcome.Done when created => Results.Created($"{OperatorRequests.ApiPrefix}/accounts/{change.Account!.Username}", Shown(change.Account)),
        AccountChangeOutcome.Done => change.Account is null ? Results.NoContent() : Results.Ok(Shown(change.Account)),
        AccountChangeOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: change.Problem),
        AccountChangeOutcome.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account change refused", detail: change.Problem),
        _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Account change refused", detail: change.Problem),
    };
}
