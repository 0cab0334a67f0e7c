using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Eals.Masa.Ace;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Microsoft.AspNetCore.WebUtilities;

namespace Eals.Integration.Tests.Ace;

/// <summary>The manufacturer's side of the ACE route in tests: tokens ordered over the MASA's admin API, pledges holding them.</summary>
internal static class AcePledges
{
    /// <summary>The registrar's audience name: its certificate's common name.</summary>
    public static string Audience(this RegistrarHost host) =>
        host.Pki.Registrar.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);

    /// <summary>POST /masa/ace/tokens with the MASA admin token, as a manufacturer would.</summary>
    public static async Task<(HttpResponseMessage Response, IssuedAccessToken? Token)> OrderTokenAsync(this RegistrarHost host, AccessTokenOrder order, string? adminToken = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Http, "masa/ace/tokens")) { Content = JsonContent.Create(order) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken ?? (await File.ReadAllTextAsync(Path.Combine(host.Data, "masa", "admin.token"))).Trim());
        var response = await http.SendAsync(request);
        var token = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<IssuedAccessToken>(JsonSerializerOptions.Web) : null;
        return (response, token);
    }

    public static async Task<IssuedAccessToken> TokenForAsync(this RegistrarHost host, string serial, string? audience = null, string? scope = null)
    {
        var (response, token) = await host.OrderTokenAsync(new AccessTokenOrder(serial, audience ?? host.Audience(), scope));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return token!;
    }

    public static AceCredentials Credentials(this RegistrarHost host, IssuedAccessToken token) =>
        new(token.Serial, WebEncoders.Base64UrlDecode(token.Token), WebEncoders.Base64UrlDecode(token.ClientKey), host.Pki.ManufacturerCa.Certificate);

    public static async Task<(RegistrarConnection Connection, RegistrarChannel Channel, AceEnroller Enroller)> ConnectAsync(this RegistrarHost host, AceCredentials credentials)
    {
        var connection = await RegistrarConnection.OpenAsync(host.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromSeconds(5) };
        return (connection, channel, new AceEnroller(channel, credentials, SystemRandomSource.Instance));
    }
}
