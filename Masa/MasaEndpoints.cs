using Eals.Masa.Ace;
using Eals.Masa.Admin;
using Eals.Masa.Http;
using Eals.Masa.Options;
using Eals.Masa.Policy;
using Eals.Masa.Requests;
using Eals.Masa.Signing;
using Eals.Masa.Storage;
using Eals.Protocol.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Masa;

/// <summary>
/// The MASA as a library: <see cref="AddMasa"/> registers it (options from section <c>Masa</c>, validated at
/// start-up; credential, ownership database and admin token under the data folder) and <see cref="MapMasa"/> maps its
/// HTTP surface. The standalone <c>Program</c> and a host that embeds the MASA (the silo) use exactly this.
/// Under a route group (<c>app.MapGroup("/masa").MapMasa()</c>) every path gets the group's prefix.
/// </summary>
public static partial class MasaEndpoints
{
    public const string DatabaseFileName = "masa.db";
    public const string FolderName = "masa";

    public static IServiceCollection AddMasa(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        var masaFolder = Path.Combine(Path.GetFullPath(dataFolder), FolderName);
        services.AddOptions<MasaOptions>().Bind(configuration.GetSection(MasaOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MasaOptions>, MasaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => MasaSigningIdentity.Open(dataFolder, sp.GetRequiredService<TimeProvider>().GetUtcNow(), SystemRandomSource.Instance));
        services.AddSingleton(sp => new MasaStore(sp.GetRequiredService<IOptions<MasaOptions>>().Value.DatabasePath ?? Path.Combine(masaFolder, DatabaseFileName)));
        services.AddSingleton(sp => AdminToken.LoadOrCreate(sp.GetRequiredService<IOptions<MasaOptions>>().Value.AdminToken, Path.Combine(masaFolder, AdminToken.FileName)));
        services.AddSingleton<IClaimPolicy>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MasaOptions>>().Value;
            return options.ClaimPolicy == ClaimPolicyKind.SalesRecords ? new SalesRecordsPolicy(options) : new FirstClaimPolicy();
        });
        services.AddSingleton<VoucherRequestReader>();
        services.AddSingleton<VoucherIssuer>();
        services.AddSingleton(sp => new AceTokenStore(sp.GetRequiredService<MasaStore>().DatabasePath));
        services.AddSingleton(_ => AceSecretBox.LoadOrCreate(Path.Combine(masaFolder, AceSecretBox.FileName)));
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<IntrospectionService>();
        // Opens credential, database and token while the host starts, so a broken data folder stops start-up
        // instead of failing the first request.
        services.AddHostedService<MasaStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapMasa(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(RequestVoucherEndpoint.Path, RequestVoucherEndpoint.HandleAsync);
        endpoints.MapGet(AdminEndpoints.AuditPath, AdminEndpoints.Audit);
        endpoints.MapGet(AdminEndpoints.OwnershipPath, AdminEndpoints.Ownership);
        endpoints.MapPost(AceEndpoints.TokensPath, AceEndpoints.IssueToken);
        endpoints.MapDelete(AceEndpoints.TokenPath, AceEndpoints.RevokeToken);
        endpoints.MapPost(AceEndpoints.IntrospectPath, AceEndpoints.IntrospectAsync);
        return endpoints;
    }

    private sealed partial class MasaStartup(
        MasaSigningIdentity identity,
        MasaStore store,
        AdminToken token,
        IOptions<MasaOptions> options,
        ILogger<MasaStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogStarted(logger, identity.Certificate.Subject, identity.CertificatePath, store.DatabasePath, options.Value.ClaimPolicy, options.Value.VoucherLifetime);
            if (token.GeneratedAt is { } path)
            {
                LogTokenFile(logger, path);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "MASA ready: signing as {Subject} ({CertificatePath}), ownership log {DatabasePath}, claim policy {Policy}, voucher lifetime {Lifetime}")]
        private static partial void LogStarted(ILogger logger, string subject, string certificatePath, string databasePath, ClaimPolicyKind policy, TimeSpan lifetime);

        [LoggerMessage(Level = LogLevel.Information, Message = "MASA operator endpoints take the bearer token stored in {Path}")]
        private static partial void LogTokenFile(ILogger logger, string path);
    }
}
