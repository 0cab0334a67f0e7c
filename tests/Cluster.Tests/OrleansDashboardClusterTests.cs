using System.Net;

namespace Eals.Cluster.Tests;

/// <summary>The Orleans dashboard in cluster mode (<c>--role silo</c> on PostgreSQL): administrators only, and it sees every silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansDashboardClusterTests(PostgresServer postgres)
{
    [Fact]
    public async Task Each_silo_serves_the_dashboard_to_the_operator_only_and_it_lists_both_silos()
    {
        await using var cluster = new LocalCluster(await postgres.CreateDatabaseAsync());
        var first = await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();

        using var anonymous = new HttpClient { BaseAddress = first.Http, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/DashboardCounters")).StatusCode);

        // Membership is read from PostgreSQL: wait until the first silo's dashboard counts both as active.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while ((await cluster.GetApiAsync(first, "/orleans/DashboardCounters")).GetProperty("totalActiveHostCount").GetInt32() < 2)
        {
            await Task.Delay(500, deadline.Token);
        }
        var counters = await cluster.GetApiAsync(first, "/orleans/DashboardCounters");
        Assert.Equal(2, counters.GetProperty("hosts").EnumerateArray().Count(h => h.GetProperty("status").GetString() == "Active"));
    }
}
