using System.Text.RegularExpressions;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Eals.Grains.Operators;

public sealed partial class OperatorAccountsGrain(
    [PersistentState("operator-accounts")] IPersistentState<OperatorAccountsState> state,
    TimeProvider time) : Grain, IOperatorAccountsGrain
{
    public const int MaxFailedLogins = 5;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(1);

    // Checked for unknown user names, so that a login for a missing account takes as long as a wrong password.
    private static readonly PasswordHash Decoy = PasswordHash.Create(Convert.ToBase64String(Guid.NewGuid().ToByteArray()));

    private Dictionary<string, OperatorAccount> Accounts => state.State.Accounts;

    public async Task<bool> BootstrapAsync(string username, string password)
    {
        if (Accounts.Count > 0)
        {
            return false;
        }
        var created = await CreateAsync(username, password, [OperatorRoles.Admin]);
        return created.Outcome == AccountChangeOutcome.Done
            ? true
            : throw new ArgumentException($"The bootstrap admin cannot be created: {created.Problem}");
    }

    public async Task<LoginResult> LoginAsync(string username, string password)
    {
        if (!Accounts.TryGetValue(Normalize(username), out var account))
        {
            Decoy.Matches(password);
            return new LoginResult(LoginOutcome.Failed, null, null);
        }
        var now = time.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return new LoginResult(LoginOutcome.LockedOut, null, until);
        }
        if (account.Password.Matches(password))
        {
            if (account.FailedLogins != 0 || account.LockedUntil is not null)
            {
                account.FailedLogins = 0;
                account.LockedUntil = null;
                await state.WriteStateAsync();
            }
            return new LoginResult(LoginOutcome.Succeeded, account.View(), null);
        }
        bool locked = await CountFailureAsync(account, now);
        return locked ? new LoginResult(LoginOutcome.LockedOut, null, account.LockedUntil) : new LoginResult(LoginOutcome.Failed, null, null);
    }

    [ReadOnly]
    public Task<OperatorAccountView?> GetAsync(string username) =>
        Task.FromResult(Accounts.TryGetValue(Normalize(username), out var account) ? account.View() : null);

    [ReadOnly]
    public Task<IReadOnlyList<OperatorAccountView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<OperatorAccountView>>([.. Accounts.Values.OrderBy(a => a.Username, StringComparer.Ordinal).Select(a => a.View())]);

    public async Task<AccountChange> CreateAsync(string username, string password, IReadOnlyList<string> roles)
    {
        string name = Normalize(username);
        if (!UserNamePattern().IsMatch(name))
        {
            return AccountChange.Refused(AccountChangeOutcome.Invalid, "A user name is 1 to 64 of a-z, 0-9, '.', '_', '-', '@'.");
        }
        if (PasswordProblem(password) is { } weak)
        {
            return AccountChange.Refused(AccountChangeOutcome.Invalid, weak);
        }
        if (OperatorRoles.Parse(roles) is not { } parsed)
        {
            return RolesRefused();
        }
        if (Accounts.ContainsKey(name))
        {
            return AccountChange.Refused(AccountChangeOutcome.Conflict, $"An account '{name}' exists already.");
        }
        var account = new OperatorAccount { Username = name, Password = PasswordHash.Create(password), Roles = parsed, CreatedAt = time.GetUtcNow() };
        Accounts[name] = account;
        await state.WriteStateAsync();
        return AccountChange.Done(account.View());
    }

    public async Task<AccountChange> SetRolesAsync(string username, IReadOnlyList<string> roles)
    {
        if (OperatorRoles.Parse(roles) is not { } parsed)
        {
            return RolesRefused();
        }
        if (!Accounts.TryGetValue(Normalize(username), out var account))
        {
            return NotFound(username);
        }
        if (!parsed.Contains(OperatorRoles.Admin) && IsLastAdmin(account))
        {
            return LastAdminRefused(account);
        }
        account.Roles = parsed;
        account.Stamp = Guid.NewGuid();
        await state.WriteStateAsync();
        return AccountChange.Done(account.View());
    }

    public async Task<AccountChange> ResetPasswordAsync(string username, string password)
    {
        if (PasswordProblem(password) is { } weak)
        {
            return AccountChange.Refused(AccountChangeOutcome.Invalid, weak);
        }
        if (!Accounts.TryGetValue(Normalize(username), out var account))
        {
            return NotFound(username);
        }
        await SetPasswordAsync(account, password);
        return AccountChange.Done(account.View());
    }

    public async Task<AccountChange> ChangePasswordAsync(string username, string currentPassword, string newPassword)
    {
        if (PasswordProblem(newPassword) is { } weak)
        {
            return AccountChange.Refused(AccountChangeOutcome.Invalid, weak);
        }
        if (!Accounts.TryGetValue(Normalize(username), out var account))
        {
            return NotFound(username);
        }
        var now = time.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return AccountChange.Refused(AccountChangeOutcome.Conflict, $"Too many failed attempts: locked until {until:u}.");
        }
        if (!account.Password.Matches(currentPassword))
        {
            await CountFailureAsync(account, now);
            return AccountChange.Refused(AccountChangeOutcome.Conflict, "The current password is wrong.");
        }
        await SetPasswordAsync(account, newPassword);
        return AccountChange.Done(account.View());
    }

    public async Task<AccountChange> DeleteAsync(string username)
    {
        if (!Accounts.TryGetValue(Normalize(username), out var account))
        {
            return NotFound(username);
        }
        if (IsLastAdmin(account))
        {
            return LastAdminRefused(account);
        }
        Accounts.Remove(account.Username);
        await state.WriteStateAsync();
        return AccountChange.Done(null);
    }

    private static string Normalize(string? username) => (username ?? "").Trim().ToLowerInvariant();

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"A password has {MinPasswordLength} to {MaxPasswordLength} characters."
            : null;

    private bool IsLastAdmin(OperatorAccount account) =>
        account.Roles.Contains(OperatorRoles.Admin) && Accounts.Values.Count(a => a.Roles.Contains(OperatorRoles.Admin)) == 1;

    private async Task SetPasswordAsync(OperatorAccount account, string password)
    {
        account.Password = PasswordHash.Create(password);
        account.Stamp = Guid.NewGuid();
        account.FailedLogins = 0;
        account.LockedUntil = null;
        await state.WriteStateAsync();
    }

    /// <summary>Counts a wrong password; returns whether the account is now locked.</summary>
    private async Task<bool> CountFailureAsync(OperatorAccount account, DateTimeOffset now)
    {
        // A lockout that has run out starts a new count.
        account.FailedLogins = account.LockedUntil is not null ? 1 : account.FailedLogins + 1;
        account.LockedUntil = account.FailedLogins >= MaxFailedLogins ? now + LockoutDuration : null;
        await state.WriteStateAsync();
        return account.LockedUntil is not null;
    }

    private static AccountChange RolesRefused() =>
        AccountChange.Refused(AccountChangeOutcome.Invalid, $"Roles are one or more of: {string.Join(", ", OperatorRoles.All)}.");

    private static AccountChange NotFound(string username) =>
        AccountChange.Refused(AccountChangeOutcome.NotFound, $"No account '{Normalize(username)}'.");

    private static AccountChange LastAdminRefused(OperatorAccount account) =>
        AccountChange.Refused(AccountChangeOutcome.Conflict, $"'{account.Username}' is the last admin: make another admin first.");

    [GeneratedRegex("^[a-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}

[GenerateSerializer]
[Alias("eals.operator-accounts-state")]
public sealed class OperatorAccountsState
{
    [Id(0)] public Dictionary<string, OperatorAccount> Accounts { get; set; } = new(StringComparer.Ordinal);
}
