using Eals.Gateway.Enrollment;
using Eals.Gateway.Hosting;
using Eals.Gateway.Resources;
using Eals.Grains.Cmc;
using Eals.Grains.Ace;
using Eals.Grains.Enrollment;
using Eals.Grains.Fleet;
using Eals.Grains.Pacing;
using Eals.Grains.Registrar;
using Eals.Grains.Security;
using Eals.Grains.Vouchers;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Runtime;

namespace Eals.Silo;

/// <summary>
/// Wires the registrar into a silo: the PKI (domain CA, registrar credential, demo manufacturer) from the
/// data folder, the state-sealing key, the admission policy, the enrollment service and the block-wise grains;
/// and, wherever a CoAP gateway runs (silo or stand-alone), its EDHOC and OSCORE routes into the grains.
/// </summary>
public static class RegistrarHosting
{
    public static IServiceCollection AddRegistrar(this IServiceCollection services, IConfiguration configuration, SharedDataFiles files)
    {
        services.AddOptions<RegistrarOptions>().Bind(configuration.GetSection(RegistrarOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddPacing(configuration);
        services.AddSingleton<PledgeDirectoryUpdates>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PledgeDirectoryUpdates>());
        services.AddSingleton<FleetReports>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<FleetReports>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PledgeDirectoryShardMigration>();
        services.AddBlockTransferGrains(configuration);
        services.AddOptions<EnrollmentOptions>().Bind(configuration.GetSection(EnrollmentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(_ => files.Pki);
        services.AddSingleton(sp =>
        {
            var pki = sp.GetRequiredService<PkiMaterial>();
            return new RegistrarCredentials(pki.Registrar, pki.DomainCa, [pki.ManufacturerCa.Certificate]);
        });
        services.AddSingleton<IStateSealer>(_ => new AesGcmStateSealer(files.StateKey));
        services.TryAddSingleton(files.RoutingKeys);
        services.AddSingleton<IPledgeAuthorizer, AllowListAuthorizer>();
        services.AddOptions<MasaClientOptions>().Bind(configuration.GetSection(MasaClientOptions.SectionName));
        services.AddSingleton<RegistrarVouchers>();
        services.AddSingleton(sp => new HttpMasaClient(
            new HttpClient(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<MasaClientOptions>>(),
            () => EmbeddedMasa.Address(sp)));
        // A MASA hosted in this process is called directly; one elsewhere (Registrar:Masa:Url) over HTTP.
        services.AddSingleton<IMasaClient>(sp => sp.GetService<EmbeddedMasa>() is null
            ? sp.GetRequiredService<HttpMasaClient>()
            : ActivatorUtilities.CreateInstance<InProcessMasaClient>(sp));
        services.AddSingleton<IEnrollmentService, EstService>();
        services.AddOptions<CmcOptions>().Bind(configuration.GetSection(CmcOptions.SectionName));
        services.AddSingleton<RegistrationAuthorities>();
        services.AddSingleton<RegistrarAce>();
        services.AddSingleton<IAuthorizationServerClient>(sp => new HttpAuthorizationServerClient(new HttpMasaClient(
            new HttpClient(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<MasaClientOptions>>(),
            () => EmbeddedMasa.Address(sp))));
        return services;
    }

    /// <summary>
    /// The gateway's resources: EDHOC into the session grains, OSCORE requests by kid into the context grains;
    /// in a cluster role, its block-wise state in the shared grains.
    /// </summary>
    public static IServiceCollection AddEnrollmentRoutes(this IServiceCollection services, IConfiguration configuration)
    {
        // Each gateway is its own pacing site unless configured otherwise (several may run on one machine).
        string site = configuration["Gateway:Site"] ?? $"{Environment.MachineName}:{configuration["Gateway:Port"] ?? "5683"}";
        // Only configured join proxies get a site of their own and their pledges counted by handle (Gateway:JoinProxies).
        var origins = new PledgeOrigins(site, PledgeOrigins.ParseJoinProxies(configuration.GetSection($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.JoinProxies)}").Get<string[]>() ?? []));
        services.AddSingleton(origins);
        services.AddSingleton(sp => new ContextOwners(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<ICoapResource>(sp => new EdhocResource(sp.GetRequiredService<IGrainFactory>(), origins, sp.GetRequiredService<ContextOwners>(), sp.GetRequiredService<RoutingKeys>(), ReturnRoutabilityFor(sp, site)));
        services.AddSingleton<ICoapResource>(sp => new CmcResource(sp.GetRequiredService<IGrainFactory>(), origins));
        services.AddSingleton<ICoapResource>(sp => new AuthzInfoResource(sp.GetRequiredService<IGrainFactory>(), origins));
        foreach (string path in EstPaths.All)
        {
            services.AddSingleton<ICoapResource>(new ProtectedOnlyResource(path, ("osc", null)));
        }
        services.AddSingleton<IProtectedRequestHandler>(sp => new SecurityContextForwarder(sp.GetRequiredService<IGrainFactory>(), origins, sp.GetRequiredService<ContextOwners>(), sp.GetRequiredService<RoutingKeys>()));
        services.AddSharedBlockwiseWhenClustered(configuration);
        return services;
    }

    /// <summary>Echo values under the deployment's routing key (so any gateway accepts any other's), unless Gateway:RequireEcho is off.</summary>
    private static ReturnRoutability? ReturnRoutabilityFor(IServiceProvider services, string site)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Eals.Gateway.Hosting.GatewayOptions>>().Value;
        return options.RequireEcho
            ? new ReturnRoutability(new Eals.Protocol.Coap.EchoChallenge(services.GetRequiredService<RoutingKeys>().Echo, options.EchoWindow, Eals.Protocol.Coap.EchoChallenge.DefaultSkew),
                services.GetService<TimeProvider>() ?? TimeProvider.System, site, services.GetService<System.Diagnostics.Metrics.IMeterFactory>())
            : null;
    }
}
