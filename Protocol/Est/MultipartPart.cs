namespace Eals.Protocol.Est;

/// <summary>
/// One representation in an application/multipart-core payload (RFC 8710 section 2): its Content-Format
/// and its bytes, or no bytes (CBOR null) when the part is left out.
/// </summary>
public readonly record struct MultipartPart(ushort ContentFormat, ReadOnlyMemory<byte>? Representation);
