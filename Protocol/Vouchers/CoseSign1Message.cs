namespace Eals.Protocol.Vouchers;

/// <summary>A parsed COSE_Sign1: the protected header as sent (it is signed), the content and the signature.</summary>
internal sealed record CoseSign1Message(byte[] ProtectedHeader, SignedObject Content, byte[] Signature);
