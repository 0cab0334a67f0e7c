using Eals.Silo.Storage;
using Orleans;
using Orleans.Runtime;

namespace Eals.Silo.Tests.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eals-reminders-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "reminders.db");

    [Fact]
    public async Task Reminders_survive_a_new_table_on_the_same_file_and_a_stale_etag_removes_nothing()
    {
        var grain = GrainId.Create("pledge", "EALS-DEMO-1");
        var entry = new ReminderEntry { GrainId = grain, ReminderName = "timeout", StartAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), Period = TimeSpan.FromMinutes(5) };
        string? first = await new SqliteReminderTable(Database).UpsertRow(entry);
        string? second = await new SqliteReminderTable(Database).UpsertRow(entry);

        var reopened = new SqliteReminderTable(Database);
        var read = await reopened.ReadRow(grain, "timeout");

        Assert.NotNull(read);
        Assert.Equal(second, read.ETag);
        Assert.Equal(entry.StartAt, read.StartAt);
        Assert.Equal(entry.Period, read.Period);
        Assert.False(await reopened.RemoveRow(grain, "timeout", first!));
        Assert.True(await reopened.RemoveRow(grain, "timeout", second!));
        Assert.Empty((await reopened.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Ring_ranges_select_by_the_grains_uniform_hash_and_wrap_around_zero()
    {
        var table = new SqliteReminderTable(Database);
        var grains = Enumerable.Range(0, 20).Select(i => GrainId.Create("pledge", $"EALS-DEMO-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });
        }
        uint split = grains[0].GetUniformHashCode();

        var upper = (await table.ReadRows(split, uint.MaxValue)).Reminders.Select(r => r.GrainId).ToHashSet();
        var wrapped = (await table.ReadRows(uint.MaxValue, split)).Reminders.Select(r => r.GrainId).ToHashSet();

        Assert.True(upper.SetEquals(grains.Where(g => g.GetUniformHashCode() > split)));
        Assert.True(wrapped.SetEquals(grains.Where(g => g.GetUniformHashCode() <= split)));
        Assert.Contains(grains[0], wrapped);
    }
}
