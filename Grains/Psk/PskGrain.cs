using System.Security.Cryptography;
using Eals.Grains.Oscore;
using Eals.Grains.Pledges;
using Eals.Grains.Security;
using Eals.Protocol.Psk;
using Microsoft.Extensions.Logging;

namespace Eals.Grains.Psk;

/// <summary>
/// One pledge identifier's pre-shared key (RFC 9031 style). Import establishes the registrar's OSCORE
/// context under the key (a <see cref="SecurityContextGrain"/> keyed by <see cref="PskContextKey"/>) with
/// the identity the key is registered to; authorisation is implicit in the key, and the context authenticates
/// the pledge (with a pacing slot from its site) when the first request verifies under it. Re-import rule: a new key
/// for the same identifier replaces the old one only with a secret never imported for it before, so a
/// replay window is never reset under an unchanged key.
/// </summary>
public sealed partial class PskGrain(
    [PersistentState("psk")] IPersistentState<PskGrainState> state,
    IStateSealer sealer,
    TimeProvider time,
    ILogger<PskGrain> logger) : Grain, IPskGrain
{
    private string Key => this.GetPrimaryKeyString();

    private string SealPurpose => $"psk/{Key}";

    private string ContextKey => PskContextKey.For(Convert.FromHexString(Key), CojpOscoreParameters.PledgeSenderId);

    public Task<string?> CheckAsync(PskImport import) => Task.FromResult(Problem(import));

    public async Task<string?> ImportAsync(PskImport import)
    {
        if (Problem(import) is { } problem)
        {
            return problem;
        }
        var identity = IdentityFor(import.Serial, import.Subject, import.ImportedBy);
        var parameters = CojpOscoreParameters.ForRegistrar(import.MasterSecret, import.IdContext);
        await GrainFactory.Reference<ISecurityContextGrain>(ContextKey).EstablishAsync(new OscoreEstablishment(
            import.MasterSecret, parameters.MasterSalt ?? [], parameters.SenderId.ToArray(), parameters.RecipientId.ToArray(), identity, import.IdContext,
            AuthenticatesOnFirstUse: true));
        var view = new PskKeyView(import.Serial, import.Subject, Key, time.GetUtcNow(), import.ImportedBy, FirstUsedAt: null);
        foreach (var sealedSecret in state.State.SealedSecrets)
        {
            if (sealer.Unseal(sealedSecret, SealPurpose) is { } earlier)
            {
                state.State.SecretDigests.Add(Digest(earlier));
                CryptographicOperations.ZeroMemory(earlier);
            }
        }
        state.State.SealedSecrets.Clear();
        state.State.SecretDigests.Add(Digest(import.MasterSecret));
        state.State.Current = view;
        await state.WriteStateAsync();
        await GrainFactory.ShardFor(Key).PutAsync(view);
        LogImported(logger, import.Serial, Key, import.ImportedBy);
        return null;
    }

    public async Task<bool> RemoveAsync()
    {
        if (state.State.Current is not { } current)
        {
            return false;
        }
        await GrainFactory.Reference<ISecurityContextGrain>(ContextKey).RevokeAsync();
        state.State.Current = null;
        await state.WriteStateAsync();
        await GrainFactory.ShardFor(Key).RemoveAsync(Key);
        LogRemoved(logger, current.Serial, Key);
        return true;
    }

    public async Task FirstUsedAsync()
    {
        if (state.State.Current is not { FirstUsedAt: null } current)
        {
            return;
        }
        state.State.Current = current with { FirstUsedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        await GrainFactory.ShardFor(Key).PutAsync(state.State.Current);
    }

    public Task<PskKeyView?> GetAsync() => Task.FromResult(state.State.Current);

    public async Task RelistAsync()
    {
        if (state.State.Current is { } current)
        {
            await GrainFactory.ShardFor(Key).PutAsync(current);
        }
    }

    private byte[] Digest(byte[] secret) => SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(SealPurpose), .. secret]);

    /// <summary>The identity a key authenticates: what its pledge's CSR must name (EstService binds it).</summary>
    private static PledgeIdentity IdentityFor(string serial, string subject, string importedBy)
        => new(serial, subject, $"pre-shared key imported by {importedBy}", PledgeCredentialKind.PreSharedKey, CertificateSerial: "");

    private string? Problem(PskImport import)
    {
        if (string.IsNullOrWhiteSpace(import.Serial))
        {
            return "the serial is required";
        }
        if (CojpOscoreParameters.Problem(import.MasterSecret, import.IdContext) is { } problem)
        {
            return problem;
        }
        if (!string.Equals(Convert.ToHexStringLower(import.IdContext), Key, StringComparison.Ordinal))
        {
            return "the ID context is not this key's";
        }
        if (state.State.Current is { } current && !string.Equals(current.Serial, import.Serial, StringComparison.Ordinal))
        {
            return $"the ID context {Key} is registered to another pledge ({current.Serial}); remove its key first";
        }
        byte[] digest = Digest(import.MasterSecret);
        bool seen = state.State.SecretDigests.Any(earlier => CryptographicOperations.FixedTimeEquals(earlier, digest))
            || state.State.SealedSecrets.Any(sealedSecret => sealer.Unseal(sealedSecret, SealPurpose) is { } earlier && CryptographicOperations.FixedTimeEquals(earlier, import.MasterSecret));
        if (seen)
        {
            return $"this master secret was already imported for ID context {Key}; a new key needs a new secret";
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-shared key for pledge {Serial} (ID context {IdContext}) imported by {Operator}")]
    private static partial void LogImported(ILogger logger, string serial, string idContext, string @operator);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-shared key for pledge {Serial} (ID context {IdContext}) removed")]
    private static partial void LogRemoved(ILogger logger, string serial, string idContext);
}
