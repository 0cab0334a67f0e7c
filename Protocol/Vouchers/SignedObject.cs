namespace Eals.Protocol.Vouchers;

/// <summary>
/// What a COSE_Sign1 carries: the payload, the x5chain certificates (DER, signer first; empty when absent),
/// the kid (null when absent) and the COSE algorithm of the protected header (-7 ES256, -8 EdDSA).
/// </summary>
public sealed record SignedObject(byte[] Payload, IReadOnlyList<byte[]> X5Chain, byte[]? Kid, int Algorithm);
