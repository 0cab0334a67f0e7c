namespace Eals.Grains.Operators;

/// <summary>
/// The local operator accounts of the cluster, in one small grain (key 0) so that every change, the
/// first-run bootstrap and the failed-login counts are serialised. Passwords arrive in the clear (over
/// the silo's own calls) and are stored only as PBKDF2 hashes.
/// </summary>
[Alias("eals.operator-accounts")]
public interface IOperatorAccountsGrain : IGrainWithIntegerKey
{
    /// <summary>Creates <paramref name="username"/> as admin when no account exists yet; false when one does (nothing changes).</summary>
    [Alias("bootstrap")]
    Task<bool> BootstrapAsync(string username, string password);

    /// <summary>
    /// Checks a password. <see cref="OperatorAccountsGrain.MaxFailedLogins"/> failures in a row lock the
    /// account for <see cref="OperatorAccountsGrain.LockoutDuration"/>; a success resets the count.
    /// </summary>
    [Alias("login")]
    Task<LoginResult> LoginAsync(string username, string password);

    [Alias("get")]
    Task<OperatorAccountView?> GetAsync(string username);

    [Alias("list")]
    Task<IReadOnlyList<OperatorAccountView>> ListAsync();

    [Alias("create")]
    Task<AccountChange> CreateAsync(string username, string password, IReadOnlyList<string> roles);

    /// <summary>Replaces the roles; refused when it would leave no admin.</summary>
    [Alias("set-roles")]
    Task<AccountChange> SetRolesAsync(string username, IReadOnlyList<string> roles);

    /// <summary>An admin sets a new password (and unlocks the account).</summary>
    [Alias("reset-password")]
    Task<AccountChange> ResetPasswordAsync(string username, string password);

    /// <summary>An operator changes their own password, proving the current one (a wrong one counts as a failed login).</summary>
    [Alias("change-password")]
    Task<AccountChange> ChangePasswordAsync(string username, string currentPassword, string newPassword);

    /// <summary>Deletes an account; refused for the last admin.</summary>
    [Alias("delete")]
    Task<AccountChange> DeleteAsync(string username);
}
