using Eals.Grains.Pledges;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Registrar;

/// <summary>Admits pledges whose IDevID serial is on <see cref="RegistrarOptions.AllowList"/> (exact, or prefix with '*').</summary>
public sealed class AllowListAuthorizer(IOptionsMonitor<RegistrarOptions> options) : IPledgeAuthorizer
{
    public Task<AuthorizationDecision> AuthorizeAsync(PledgeIdentity identity)
    {
        foreach (string entry in options.CurrentValue.AllowList)
        {
            bool match = entry.EndsWith('*')
                ? identity.Serial.StartsWith(entry[..^1], StringComparison.Ordinal)
                : string.Equals(identity.Serial, entry, StringComparison.Ordinal);
            if (match)
            {
                return Task.FromResult(AuthorizationDecision.Allow($"allow-list entry '{entry}'"));
            }
        }
        return Task.FromResult(AuthorizationDecision.Deny($"serial '{identity.Serial}' is not on the allow-list"));
    }
}
