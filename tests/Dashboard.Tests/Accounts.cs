using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Eals.Dashboard.Tests;

/// <summary>Creates accounts through the admin API (with the API token), each test its own.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    public static string NewName(string prefix) => prefix + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public static async Task<string> CreateAsync(DashboardHost host, string prefix, params string[] roles)
    {
        string name = NewName(prefix);
        using var admin = host.TokenClient();
        using var created = await admin.PostAsJsonAsync("/api/accounts", new { username = name, password = Password, roles });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    public static string NewSerial() => "ACME-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
}
