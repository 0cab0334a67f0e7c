using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 9528 section 3.8: EAD items travel in every message; unknown critical items abort.</summary>
public sealed class EdhocEadTests
{
    private static HandshakeSetup Setup(int seed) => new(EdhocMethod.SignatureStaticDh, EdhocCipherSuite.Suite2, CredentialKind.CcsKid, [0x05], [0x41, 0x42], seed);

    [Fact]
    public void Items_in_every_message_reach_the_other_side_without_padding()
    {
        var outcome = Handshake.Run(Setup(1) with
        {
            Ead1 = [new EadItem(-7, [1, 2, 3]), new EadItem(0, [0, 0, 0])],
            Ead2 = [new EadItem(11), new EadItem(-12, [4])],
            Ead3 = [new EadItem(300, new byte[40])],
            Ead4 = [new EadItem(-1)],
            Understood = new HashSet<int> { -7, -12, -1 },
        });
        Assert.True(outcome.Completed, outcome.Failure?.ToString());
        Assert.Equal([-7], outcome.Ead1.Select(e => e.Label));
        Assert.Equal([1, 2, 3], outcome.Ead1[0].Value);
        Assert.Equal([11, -12], outcome.Ead2.Select(e => e.Label));
        Assert.Null(outcome.Ead2[0].Value);
        Assert.Equal([300], outcome.Ead3.Select(e => e.Label));
        Assert.Equal([-1], outcome.Ead4.Select(e => e.Label));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Unknown_critical_item_aborts_with_an_unspecified_error(int message)
    {
        EadItem[] critical = [new EadItem(-99, [1])];
        var setup = message switch
        {
            1 => Setup(2) with { Ead1 = critical },
            2 => Setup(2) with { Ead2 = critical },
            3 => Setup(2) with { Ead3 = critical },
            _ => Setup(2) with { Ead4 = critical },
        };
        var outcome = Handshake.Run(setup);
        Assert.Equal(EdhocFailureKind.UnknownCriticalEad, outcome.Failure?.Kind);
        Assert.Equal(message, outcome.FailedAtMessage);
        Assert.Equal(EdhocErrorCode.UnspecifiedError, outcome.Failure!.ToErrorMessage().Code);
    }

    [Fact]
    public void Unknown_non_critical_items_are_handed_over()
    {
        var outcome = Handshake.Run(Setup(3) with { Ead2 = [new EadItem(99, [7])] });
        Assert.True(outcome.Completed);
        Assert.Equal(99, Assert.Single(outcome.Ead2).Label);
    }

    [Fact]
    public void Ead_sequence_round_trips_and_rejects_non_items()
    {
        EadItem[] items = [new EadItem(1), new EadItem(-2, [9]), new EadItem(0)];
        byte[] encoded = EadItem.EncodeSequence(items);
        Assert.Equal("01214109" + "00", Convert.ToHexStringLower(encoded));
        Assert.Equal(items.Select(i => i.Label), EadItem.DecodeSequence(encoded).Value.Select(i => i.Label));
        Assert.False(EadItem.DecodeSequence([0x41, 0x01]).IsSuccess);   // a value without a label
        Assert.Empty(EadItem.EncodeSequence([]));
    }
}
