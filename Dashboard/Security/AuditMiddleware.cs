using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Eals.Dashboard.Security;

/// <summary>
/// Audits every unsafe request (POST, PUT, PATCH, DELETE) under /api, whatever endpoint serves it and
/// whether it succeeded or was refused (401, 403, 400 for a missing CSRF token): written just before
/// the response starts, so an operator who has the answer finds the entry.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, OperatorAuditLog audit, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!OperatorRequests.IsApi(http.Request) || !OperatorRequests.IsUnsafe(http.Request))
        {
            await next(http);
            return;
        }
        bool recorded = false;
        http.Response.OnStarting(() =>
        {
            if (recorded)
            {
                return Task.CompletedTask;
            }
            recorded = true;
            return RecordAsync(http, http.Response.StatusCode);
        });
        try
        {
            await next(http);
        }
        catch
        {
            if (!recorded && !http.Response.HasStarted)
            {
                recorded = true;
                await RecordAsync(http, StatusCodes.Status500InternalServerError);
            }
            throw;
        }
        if (!recorded && !http.Response.HasStarted)
        {
            // The response has no body and has not been sent yet; record it now with its final status.
            recorded = true;
            await RecordAsync(http, http.Response.StatusCode);
        }
    }

    private async Task RecordAsync(HttpContext http, int status)
    {
        try
        {
            await audit.RecordAsync(http, status);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogAuditFailed(logger, exception, http.Request.Method, http.Request.Path);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry for {Method} {Path} could not be written")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string method, PathString path);
}
