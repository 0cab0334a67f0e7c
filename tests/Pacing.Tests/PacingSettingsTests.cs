using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

public sealed class PacingSettingsTests
{
    private static readonly PacingSettings Initial = new PacingOptions().ToSettings();

    [Theory]
    [InlineData(0, null, null, null)]
    [InlineData(null, 0, null, null)]
    [InlineData(null, null, 0.0, null)]
    [InlineData(null, null, double.NaN, null)]
    [InlineData(null, null, null, 0.5)]
    public void Out_of_range_values_are_refused_with_a_reason(int? maxInFlight, int? siteCap, double? rate, double? burst)
    {
        var (settings, problem) = Initial.With(new PacingSettingsUpdate(maxInFlight, siteCap, null, rate, burst));
        Assert.Null(settings);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Absent_fields_keep_their_value_and_a_null_site_cap_removes_it()
    {
        var (withCap, _) = Initial.With(new PacingSettingsUpdate(SiteCaps: new() { ["proxy:a"] = 3 }));
        Assert.Equal(3, withCap!.CapFor("proxy:a"));
        Assert.Equal(Initial.MaxInFlight, withCap.MaxInFlight);
        var (without, _) = withCap.With(new PacingSettingsUpdate(MaxInFlight: 7, SiteCaps: new() { ["proxy:a"] = null }));
        Assert.Equal(Initial.DefaultSiteCap, without!.CapFor("proxy:a"));
        Assert.Equal(7, without.MaxInFlight);
        Assert.Equal(Initial.Revision + 2, without.Revision);
        Assert.Null(Initial.With(new PacingSettingsUpdate(SiteCaps: new() { ["x"] = 0 })).Settings);
    }
}
