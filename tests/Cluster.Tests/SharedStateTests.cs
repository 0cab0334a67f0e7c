using Eals.Tests.Shared;
using System.Text.Json;
using Eals.Pledge.Enrollment;

namespace Eals.Cluster.Tests;

/// <summary>Two silo processes on PostgreSQL share grain state.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedStateTests(PostgresServer postgres)
{
    [Fact]
    public async Task Pledges_enrolled_through_one_silo_are_enrolled_in_the_other_after_the_first_stops()
    {
        await using var cluster = new LocalCluster(await postgres.CreateDatabaseAsync());
        var first = await cluster.StartSiloAsync(coapPort: FreePorts.Udp());
        var second = await cluster.StartSiloAsync(coapPort: FreePorts.Udp());

        var report = await new FleetSimulator(new FleetOptions
        {
            Count = 4,
            Concurrency = 4,
            Registrar = first.Coap!,
            DataFolder = cluster.Data,
            Vouchers = false,
        }).RunAsync();
        Assert.True(report.Failed == 0, report.Summary() + "\n" + cluster.Logs());

        // The first silo leaves and its activations with it: the second reads the pledges from PostgreSQL.
        await first.Process.StopAsync();
        foreach (var (serial, result) in report.Results)
        {
            var view = await cluster.GetPledgeAsync(second, serial);
            Assert.Equal("Enrolled", view.GetProperty("status").GetString());
            Assert.Equal(result.Certificate!.SerialNumber, view.GetProperty("certificate").GetProperty("serialHex").GetString(), ignoreCase: true);
        }

        // The directory is a table both silos wrote: the second lists and counts every pledge and certificate.
        var listed = await cluster.GetApiAsync(second, "/api/pledges?state=Enrolled");
        Assert.Equal(report.Results.Select(r => r.Key).Order(StringComparer.Ordinal), listed.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("serial").GetString()!));
        var certificates = await cluster.GetApiAsync(second, "/api/certificates");
        Assert.Equal(report.Results.Count(), certificates.GetProperty("total").GetInt64());
        var fleet = await cluster.GetApiAsync(second, "/api/fleet");
        Assert.Equal(report.Results.Count(), fleet.GetProperty("counts").GetProperty("Enrolled").GetInt64());
    }
}
