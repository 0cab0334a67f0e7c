using System.Security.Cryptography;
using Eals.Grains.Pledges;
using Eals.Grains.Vouchers;
using Eals.Protocol.Vouchers;
using Eals.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Integration.Tests;

/// <summary>
/// The embedded default's registrar asks its hosted MASA in process; a registrar that lost the MASA's answer (a
/// crash before its session stored the voucher) and asks again for the same pledge and nonce gets the same voucher.
/// </summary>
public sealed class InProcessMasaTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-inprocess-masa-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task The_hosted_masa_is_asked_in_process_and_a_repeated_request_gets_the_same_voucher()
    {
        await using var host = await RegistrarHost.StartAsync(_data);
        var masa = host.Services.GetRequiredService<IMasaClient>();
        var vouchers = host.Services.GetRequiredService<RegistrarVouchers>();
        string serial = "EALS-DEMO-IPM-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var pledge = host.MintPledge(serial);
        var identity = new PledgeIdentity(serial, pledge.Idevid.Subject, pledge.Idevid.Issuer, PledgeCredentialKind.Idevid, pledge.Idevid.SerialNumber);
        var pledgeRequest = new VoucherRequest(serial, VoucherAssertion.Proximity, null, RandomNumberGenerator.GetBytes(8));
        byte[] pledgeRequestBytes = CoseSign1.Sign(VoucherCbor.Encode(pledgeRequest), new CoseSigner(pledge.IdevidKey, null, [pledge.Idevid.RawData]));

        var first = await masa.RequestVoucherAsync(vouchers.BuildRequest(identity, pledgeRequest, pledgeRequestBytes, DateTimeOffset.UtcNow), CancellationToken.None);
        // Built again after a restart: a new created-on, the same pledge, nonce and registrar.
        var again = await masa.RequestVoucherAsync(vouchers.BuildRequest(identity, pledgeRequest, pledgeRequestBytes, DateTimeOffset.UtcNow.AddSeconds(1)), CancellationToken.None);

        Assert.IsType<InProcessMasaClient>(masa);
        Assert.NotNull(first.Voucher);
        Assert.Equal(first.Voucher, again.Voucher);
        vouchers.Validate(first.Voucher, identity, pledgeRequest.Nonce, DateTimeOffset.UtcNow);
    }
}
