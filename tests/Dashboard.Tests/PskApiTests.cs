using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Grains.Operators;

namespace Eals.Dashboard.Tests;

/// <summary>
/// The pre-shared key API: administrators import keys (one as JSON, many as JSON lines, all validated
/// before any is stored), list and remove them; a secret goes in and never comes out (responses, the
/// audit log, the logs), and the same secret is never accepted twice for one pledge identifier.
/// </summary>
public sealed class PskApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private DashboardHost Host => fixture.Host;

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string IdContextOf(string serial) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(serial));

    private static string Line(string serial, string secret) => JsonSerializer.Serialize(new { serial, masterSecret = secret });

    private static async Task<List<JsonElement>> ListAsync(HttpClient admin)
        => [.. (await admin.GetFromJsonAsync<JsonElement>("/api/psk")).EnumerateArray()];

    private static Task<HttpResponseMessage> BatchAsync(HttpClient admin, params string[] lines)
        => admin.PostAsync("/api/psk/batch", new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson"));

    [Fact]
    public async Task A_key_is_imported_listed_and_removed_and_its_secret_never_comes_back()
    {
        using var admin = Host.TokenClient();
        string serial = Accounts.NewSerial(), secret = NewSecret();

        var created = await admin.PostAsJsonAsync("/api/psk", new { serial, masterSecret = secret });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string body = await created.Content.ReadAsStringAsync();
        var listed = (await ListAsync(admin)).Single(k => k.GetProperty("serial").GetString() == serial);
        Assert.Equal(IdContextOf(serial), listed.GetProperty("idContext").GetString());
        Assert.Equal($"serialNumber={serial}", listed.GetProperty("subject").GetString());
        Assert.Equal("admin", listed.GetProperty("importedBy").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("firstUsedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/psk/{IdContextOf(serial)}")).StatusCode);
        Assert.DoesNotContain(await ListAsync(admin), k => k.GetProperty("serial").GetString() == serial);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/psk/{IdContextOf(serial)}")).StatusCode);

        var audit = new List<JsonElement>();
        for (int? page = 0; page is not null;)
        {
            var json = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?day={DateTime.UtcNow:yyyy-MM-dd}&page={page}");
            audit.AddRange(json.GetProperty("entries").EnumerateArray());
            page = json.GetProperty("nextPage").ValueKind == JsonValueKind.Null ? null : json.GetProperty("nextPage").GetInt32();
        }
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "POST /api/psk" && e.GetProperty("status").GetInt32() == 201);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "DELETE /api/psk/{idContext}" && e.GetProperty("target").GetString() == $"/api/psk/{IdContextOf(serial)}");
        string secretBase64 = Convert.ToBase64String(Convert.FromHexString(secret));
        foreach (string place in new[] { body, listed.GetRawText(), string.Join("\n", audit.Select(e => e.GetRawText())), string.Join("\n", Host.Logs.Lines) })
        {
            Assert.DoesNotContain(secret, place, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secretBase64, place, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_secret_is_refused_again_even_after_removal_and_a_new_secret_replaces_the_key()
    {
        using var admin = Host.TokenClient();
        string serial = Accounts.NewSerial(), first = NewSecret();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/psk", new { serial, masterSecret = first })).StatusCode);

        var again = await admin.PostAsJsonAsync("/api/psk", new { serial, masterSecret = first });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already imported", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await admin.PostAsJsonAsync("/api/psk", new { serial = serial + "-OTHER", idContext = IdContextOf(serial), masterSecret = NewSecret() });
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/psk", new { serial, masterSecret = NewSecret() })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/psk/{IdContextOf(serial)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/psk", new { serial, masterSecret = first })).StatusCode);
        Assert.DoesNotContain(await ListAsync(admin), k => k.GetProperty("serial").GetString() == serial);
    }

    [Theory]
    [InlineData("{\"serial\": \"X\", \"masterSecret\": \"zz\"}", "masterSecret must be hex")]
    [InlineData("{\"serial\": \"X\", \"masterSecret\": \"00112233\"}", "16 to 64 bytes")]
    [InlineData("not json", "not a JSON object")]
    [InlineData("{\"masterSecret\": \"00112233445566778899aabbccddeeff\"}", "serial is required")]
    public async Task A_batch_with_one_bad_line_stores_nothing_and_names_the_line(string badLine, string problem)
    {
        using var admin = Host.TokenClient();
        string first = Accounts.NewSerial(), second = Accounts.NewSerial();

        var refused = await BatchAsync(admin, Line(first, NewSecret()), Line(second, NewSecret()), "", badLine);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var details = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("line 4: ", details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem, details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var keys = await ListAsync(admin);
        Assert.DoesNotContain(keys, k => k.GetProperty("serial").GetString() == first || k.GetProperty("serial").GetString() == second);
    }

    [Fact]
    public async Task A_batch_is_imported_whole_or_refused_whole_when_a_line_conflicts_with_a_stored_key()
    {
        using var admin = Host.TokenClient();
        string a = Accounts.NewSerial(), b = Accounts.NewSerial(), c = Accounts.NewSerial(), secretOfC = NewSecret();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/psk", new { serial = c, masterSecret = secretOfC })).StatusCode);

        var conflict = await BatchAsync(admin, Line(a, NewSecret()), Line(c, secretOfC));
        var repeated = await BatchAsync(admin, Line(a, NewSecret()), Line(a, NewSecret()));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.StartsWith("line 2: ", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Contains("repeats line 1", await repeated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await ListAsync(admin), k => k.GetProperty("serial").GetString() == a);

        var imported = await BatchAsync(admin, Line(a, NewSecret()), Line(b, NewSecret()));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        var keys = await ListAsync(admin);
        Assert.Contains(keys, k => k.GetProperty("serial").GetString() == a);
        Assert.Contains(keys, k => k.GetProperty("serial").GetString() == b);
    }

    [Fact]
    public async Task Keys_listed_by_the_single_list_of_an_earlier_release_are_listed_once_as_their_keys_now_stand()
    {
        using var admin = Host.TokenClient();
        string kept = Accounts.NewSerial(), removed = Accounts.NewSerial();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/psk", new { serial = kept, masterSecret = NewSecret() })).StatusCode);
        var legacy = Host.Grains.GetGrain<Grains.Psk.IPskDirectoryGrain>(Grains.Psk.PskDirectory.LegacyList);
        // What the pre-shard list held: an out-of-date view of a key still imported, and a key removed since.
        await legacy.PutAsync(new Grains.Psk.PskKeyView(kept, "stale", IdContextOf(kept), DateTimeOffset.UnixEpoch, "someone", null));
        await legacy.PutAsync(new Grains.Psk.PskKeyView(removed, "stale", IdContextOf(removed), DateTimeOffset.UnixEpoch, "someone", null));

        var listed = await ListAsync(admin);

        var entry = Assert.Single(listed, k => k.GetProperty("serial").GetString() == kept);
        Assert.Equal($"serialNumber={kept}", entry.GetProperty("subject").GetString());
        Assert.DoesNotContain(listed, k => k.GetProperty("serial").GetString() == removed);
        Assert.Empty(await legacy.ListAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_key_routes()
    {
        using var admin = Host.TokenClient();

        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/psk", out var keys));
        Assert.True(keys.TryGetProperty("get", out _));
        Assert.True(keys.TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/psk/batch").GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.True(paths.GetProperty("/api/psk/{idContext}").TryGetProperty("delete", out _));
    }

    [Fact]
    public async Task Only_administrators_see_or_import_keys()
    {
        string name = await Accounts.CreateAsync(Host, "psk-approver", OperatorRoles.Approver);
        using var browser = new BrowserSession(Host.Http);
        await browser.LoginOrThrowAsync(name, Accounts.Password);
        string serial = Accounts.NewSerial();

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.ApiAsync(HttpMethod.Get, "/api/psk")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.ApiAsync(HttpMethod.Post, "/api/psk", new { serial, masterSecret = NewSecret() })).StatusCode);

        using var admin = Host.TokenClient();
        Assert.DoesNotContain(await ListAsync(admin), k => k.GetProperty("serial").GetString() == serial);
    }
}
