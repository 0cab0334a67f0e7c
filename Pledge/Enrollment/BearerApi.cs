using System.Net.Http.Headers;
using System.Text.Json;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The HTTP APIs the fleet provisions pledges through, the operator's (<c>/api</c>, the operator token) and the
/// MASA's admin endpoints (its admin token): a client with the bearer token read from its file, as an operator's
/// <c>curl -H "Authorization: Bearer $(cat FILE)"</c> does, so the token never appears on a command line.
/// </summary>
public static class BearerApi
{
    /// <summary>A client for <paramref name="baseUrl"/> (paths resolve below it) with the token in <paramref name="tokenFile"/>.</summary>
    public static HttpClient Create(Uri baseUrl, string tokenFile)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        string token;
        try
        {
            token = File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new HttpRequestException($"cannot read the bearer token from {tokenFile}: {exception.Message}", exception);
        }
        // A base without its final '/' would drop its last segment ("/masa") when paths are resolved against it.
        var client = new HttpClient { BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Throws <see cref="HttpRequestException"/> naming the status and the problem's detail unless the answer is 2xx.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Detail(body)}", null, response.StatusCode);
    }

    // RFC 9457 problem details carry the reason in "detail"; anything else is shown as it came (shortened).
    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
        }
        return body.Length > 200 ? body[..200] : body.Length == 0 ? "(no body)" : body;
    }
}
