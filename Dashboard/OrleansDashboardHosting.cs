using Eals.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace Eals.Dashboard;

/// <summary>
/// Orleans' own dashboard (package Microsoft.Orleans.Dashboard: silos, grain types, call rates, reminders)
/// under <see cref="PathPrefix"/> on the dashboard host, for administrators only. It profiles every grain
/// call (an incoming call filter) and samples counters every 5 s, so <c>Dashboard:OrleansDashboard</c>
/// (default true) turns it off; docs/benchmarks.md has the cost.
/// </summary>
public static class OrleansDashboardHosting
{
    public const string EnabledConfigurationKey = "Dashboard:OrleansDashboard";

    public const string PathPrefix = "/orleans";

    /// <summary>How often the dashboard samples the silo's counters.</summary>
    public const int SampleMilliseconds = 5_000;

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledConfigurationKey, defaultValue: true);

    /// <summary>On the silo: the dashboard's grains, grain service and call profiler, when enabled.</summary>
    public static ISiloBuilder AddOrleansDashboardWhenEnabled(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            // The live log stream would show every log line of the silo; operators have the OTLP logs for that.
            // Its samples come every 5 s instead of every second: each sample asks Orleans for counts that walk every
            // activation and the directory cache (about 1.5 % of the silo's CPU at 1 s with tens of thousands of pledges active).
            silo.AddDashboard(options =>
            {
                options.HideTrace = true;
                options.CounterUpdateIntervalMs = SampleMilliseconds;
            });
            silo.Services.AddSingleton<OrleansDashboardRegistered>();
        }
        return silo;
    }

    /// <summary>Maps the dashboard's page and JSON endpoints under <see cref="PathPrefix"/> when the silo added it.</summary>
    public static IEndpointRouteBuilder MapOrleansDashboardWhenAdded(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<OrleansDashboardRegistered>() is not null)
        {
            endpoints.MapOrleansDashboard(PathPrefix).RequireAuthorization(OperatorPolicies.Administer);
        }
        return endpoints;
    }

    /// <summary>Marks that <see cref="AddOrleansDashboardWhenEnabled"/> registered the dashboard's services.</summary>
    private sealed class OrleansDashboardRegistered;
}
