using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The manufacturer's side of the ACE route: <c>POST {MASA}/ace/tokens</c> (admin token) orders a pledge's access
/// token and client key from the AS, which returns both once, base64url (docs/routes/ace.md).
/// </summary>
public static class AceTokenOrders
{
    public const string TokensPath = "ace/tokens";

    /// <summary>
    /// The credentials the manufacturer installs on <paramref name="serial"/>: a token for the registrar named
    /// <paramref name="audience"/> (its certificate's common name). Throws <see cref="HttpRequestException"/> with the AS's reason.
    /// </summary>
    public static async Task<AceCredentials> OrderAsync(HttpClient masa, string serial, string audience, X509Certificate2 masaTrustAnchor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(masa);
        using var response = await masa.PostAsJsonAsync(new Uri(TokensPath, UriKind.Relative), new Order(serial, audience), JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
        await BearerApi.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var issued = await response.Content.ReadFromJsonAsync<Issued>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
        if (issued?.Token is null || issued.ClientKey is null || issued.Serial != serial)
        {
            throw new HttpRequestException($"the AS answered {TokensPath} without a token and client key for {serial}");
        }
        return new AceCredentials(serial, Base64Url.DecodeFromChars(issued.Token), Base64Url.DecodeFromChars(issued.ClientKey), masaTrustAnchor);
    }

    /// <summary>Writes <c>token</c> and <c>client.key</c> (base64url, owner-only) to <paramref name="folder"/>, as <c>enroll-ace</c> reads them.</summary>
    public static void WriteFiles(string folder, AceCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Directory.CreateDirectory(folder);
        PledgeFiles.WriteSecret(Path.Combine(folder, "token"), Base64Url.EncodeToString(credentials.AccessToken) + "\n");
        PledgeFiles.WriteSecret(Path.Combine(folder, "client.key"), Base64Url.EncodeToString(credentials.ClientKey) + "\n");
    }

    private sealed record Order(string Serial, string Audience);

    private sealed record Issued(string? Token, string? ClientKey, string? Serial);
}
