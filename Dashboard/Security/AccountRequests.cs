namespace Eals.Dashboard.Security;

/// <summary>POST /api/accounts: a new local account.</summary>
public sealed record CreateAccountRequest(string? Username, string? Password, string[]? Roles);

/// <summary>PUT /api/accounts/{username}/roles.</summary>
public sealed record RolesRequest(string[]? Roles);

/// <summary>PUT /api/accounts/{username}/password: an admin's reset.</summary>
public sealed record PasswordResetRequest(string? Password);

/// <summary>POST /api/account/password: an operator's own change, proving the current password.</summary>
public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);
