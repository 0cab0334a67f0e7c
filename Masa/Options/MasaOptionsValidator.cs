using Eals.Masa.Policy;
using Microsoft.Extensions.Options;

namespace Eals.Masa.Options;

/// <summary>Checks what data annotations cannot, with messages that say how to fix it.</summary>
public sealed class MasaOptionsValidator : IValidateOptions<MasaOptions>
{
    public const int MinimumAdminTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, MasaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.ClaimPolicy))
        {
            failures.Add($"Masa:ClaimPolicy is {(int)options.ClaimPolicy}; use FirstClaim or SalesRecords.");
        }

        if (options.ClaimPolicy == ClaimPolicyKind.SalesRecords && options.SalesRecords.Count == 0)
        {
            failures.Add("Masa:ClaimPolicy is SalesRecords but Masa:SalesRecords is empty: add Masa:SalesRecords:<serial or prefix*>=<domain CA SHA-256 hex>, or use FirstClaim.");
        }

        foreach (var (pattern, fingerprint) in options.SalesRecords)
        {
            if (SalesRecordRule.ParsePattern(pattern) is null)
            {
                failures.Add($"Masa:SalesRecords has the key '{pattern}': use a serial number (1 to 64 PrintableString characters) or a prefix followed by one '*'.");
            }

            if (Fingerprints.TryNormalize(fingerprint) is null)
            {
                failures.Add($"Masa:SalesRecords:{pattern} is not a SHA-256 fingerprint: give 64 hex digits (colons allowed), e.g. from `openssl x509 -in ca.pem -noout -fingerprint -sha256`.");
            }
        }

        if (options.AdminToken is { Length: > 0 } token && (token.Length < MinimumAdminTokenLength || token.Any(char.IsWhiteSpace)))
        {
            failures.Add($"Masa:AdminToken must be at least {MinimumAdminTokenLength} characters without white space; leave it unset to have one generated into masa/admin.token.");
        }

        if (options.DatabasePath is { Length: 0 })
        {
            failures.Add("Masa:DatabasePath is empty: give a file path or leave it unset for <data>/masa/masa.db.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
