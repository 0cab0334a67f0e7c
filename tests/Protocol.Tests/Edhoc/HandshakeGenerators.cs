using CsCheck;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Generators of handshake configurations: every method, suite and credential form, any identifiers.</summary>
internal static class HandshakeGenerators
{
    /// <summary>Connection identifiers of any allowed encoding: one-byte integers, short and empty byte strings.</summary>
    public static readonly Gen<byte[]> ConnectionId = Gen.OneOf(
        Gen.Int[-24, 23].Select(i => new[] { (byte)(i >= 0 ? i : 0x20 + (-1 - i)) }),
        Gen.Byte.Array[0, 6]);

    public static readonly Gen<HandshakeSetup> Setup =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1].Select(i => i == 0 ? EdhocCipherSuite.Suite0 : EdhocCipherSuite.Suite2), Gen.Enum<CredentialKind>(), ConnectionId, ConnectionId, Gen.Int)
            .Where(t => !t.Item4.AsSpan().SequenceEqual(t.Item5))
            .Select(t => new HandshakeSetup((EdhocMethod)t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6));

    /// <summary>Every method × suite × credential form, for exhaustive tests.</summary>
    public static IEnumerable<object[]> AllCombinations() =>
        from method in Enum.GetValues<EdhocMethod>()
        from suite in new[] { 0, 2 }
        from kind in Enum.GetValues<CredentialKind>()
        select new object[] { method, suite, kind };
}
