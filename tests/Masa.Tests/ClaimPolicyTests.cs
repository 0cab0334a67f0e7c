using Eals.Masa.Options;
using Eals.Masa.Policy;
using Eals.Masa.Storage;

namespace Eals.Masa.Tests;

public sealed class ClaimPolicyTests
{
    private static readonly string DomainA = new('a', 64);
    private static readonly string DomainB = new('b', 64);

    [Fact]
    public void First_claim_allows_the_first_domain_and_its_repeats_only()
    {
        var policy = new FirstClaimPolicy();
        var owned = new OwnershipRecord("SN-1", DomainA, "CN=R", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

        Assert.True(policy.Decide("SN-1", DomainB, null).Allowed);
        Assert.True(policy.Decide("SN-1", DomainA, owned).Allowed);
        Assert.False(policy.Decide("SN-1", DomainB, owned).Allowed);
    }

    [Fact]
    public void Sales_records_prefer_the_exact_serial_then_the_longest_prefix()
    {
        var options = new MasaOptions();
        options.SalesRecords["ACME-*"] = DomainA;
        options.SalesRecords["ACME-EU-*"] = DomainB.ToUpperInvariant();
        options.SalesRecords["ACME-EU-7"] = DomainA;
        var policy = new SalesRecordsPolicy(options);

        Assert.True(policy.Decide("ACME-1", DomainA, null).Allowed);
        Assert.True(policy.Decide("ACME-EU-1", DomainB, null).Allowed);
        Assert.False(policy.Decide("ACME-EU-1", DomainA, null).Allowed);
        Assert.True(policy.Decide("ACME-EU-7", DomainA, null).Allowed);
        Assert.False(policy.Decide("OTHER-1", DomainA, null).Allowed);
        Assert.False(policy.Decide("acme-1", DomainA, null).Allowed);
    }

    [Theory]
    [InlineData("AB:cd", null)]
    [InlineData("not hex at all", null)]
    public void Fingerprints_must_be_32_bytes_of_hex(string text, string? expected) => Assert.Equal(expected, Fingerprints.TryNormalize(text));

    [Fact]
    public void Fingerprints_ignore_colons_spaces_and_case()
    {
        var colons = string.Join(':', Enumerable.Repeat("AB", 32));

        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 32)), Fingerprints.TryNormalize(colons));
    }
}
