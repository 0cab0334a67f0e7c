using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

public sealed class OscoreNonceFingerprintLogTests
{
    [Fact]
    public async Task Every_encryption_is_one_line_of_key_and_nonce_hashed_and_the_key_never_appears()
    {
        using var written = new StringWriter();
        using var log = new OscoreNonceFingerprintLog(written);
        using var client = OscoreSecurityContext.Derive(OscoreTestContexts.C1Client, new InMemoryOscoreSequenceNumberStore(), new CountingRandomSource(), observer: log);

        var first = await client.ProtectRequestAsync(OscoreTestContexts.GetTv1());
        var second = await client.ProtectRequestAsync(OscoreTestContexts.GetTv1());

        string[] lines = written.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        byte[] senderKey = client.Export().SenderKey.ToArray();
        Assert.Equal(
            [OscoreNonceFingerprint.Compute(senderKey, first.Value!.Nonce), OscoreNonceFingerprint.Compute(senderKey, second.Value!.Nonce)],
            lines);
        Assert.NotEqual(lines[0], lines[1]);
        Assert.DoesNotContain(Convert.ToHexStringLower(senderKey), written.ToString(), StringComparison.Ordinal);
    }
}
