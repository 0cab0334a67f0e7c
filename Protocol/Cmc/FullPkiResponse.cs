using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Cmc;

/// <summary>
/// A Full PKI Response (RFC 5272 section 3.2.2): PKIResponse with CMCStatusInfoV2 (success, or failed
/// with a CMCFailInfo and a statusString), the request's transactionId, recipientNonce = the request's
/// senderNonce and the responder's own senderNonce; signed as CMS SignedData with eContentType
/// id-cct-PKIResponse, the issued certificate and its chain in the certificates.
/// </summary>
public sealed record FullPkiResponse(
    BigInteger TransactionId,
    byte[] RecipientNonce,
    byte[] SenderNonce,
    CmcStatus Status,
    IReadOnlyList<uint> BodyList,
    CmcFailInfo? FailInfo = null,
    string? StatusString = null)
{
    private const uint StatusPart = 1, TransactionIdPart = 2, RecipientNoncePart = 3, SenderNoncePart = 4;

    /// <summary>The answer to <paramref name="request"/>: success, or failed with <paramref name="failInfo"/>.</summary>
    public static FullPkiResponse For(FullPkiRequest request, CmcStatus status, Crypto.IRandomSource random, CmcFailInfo? failInfo = null, string? statusString = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        byte[] nonce = new byte[16];
        random.Fill(nonce);
        return new FullPkiResponse(request.TransactionId, request.SenderNonce, nonce, status, [request.RequestBodyPartId], failInfo, statusString);
    }

    public byte[] EncodePkiResponse()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                TaggedAttributes.Write(writer, StatusPart, CmcOids.StatusInfoV2, WriteStatus);
                TaggedAttributes.Write(writer, TransactionIdPart, CmcOids.TransactionId, w => w.WriteInteger(TransactionId));
                TaggedAttributes.Write(writer, RecipientNoncePart, CmcOids.RecipientNonce, w => w.WriteOctetString(RecipientNonce));
                TaggedAttributes.Write(writer, SenderNoncePart, CmcOids.SenderNonce, w => w.WriteOctetString(SenderNonce));
            }
            writer.PushSequence().Dispose(); // cmsSequence
            writer.PushSequence().Dispose(); // otherMsgSequence
        }
        return writer.Encode();
    }

    /// <summary>The PKIResponse signed by the registrar, with <paramref name="certificates"/> (issued certificate, CA chain).</summary>
    public byte[] Sign(X509Certificate2 signer, ECDsa key, IEnumerable<byte[]> certificates, DateTimeOffset signingTime) =>
        CmsSignedMessage.Sign(CmcOids.PkiResponse, EncodePkiResponse(), signer, key, certificates, signingTime);

    public static (FullPkiResponse Response, SignedContent Signed) Open(ReadOnlyMemory<byte> message)
    {
        var signed = CmsSignedMessage.Open(message, CmcOids.PkiResponse);
        return (DecodePkiResponse(signed.Content), signed);
    }

    public static FullPkiResponse DecodePkiResponse(ReadOnlyMemory<byte> pkiResponse)
    {
        try
        {
            var outer = new AsnReader(pkiResponse, AsnEncodingRules.DER);
            var data = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var controls = TaggedAttributes.Read(data.ReadSequence());
            var status = new AsnReader(TaggedAttributes.Require(controls, CmcOids.StatusInfoV2, "CMCStatusInfoV2"), AsnEncodingRules.DER).ReadSequence();
            var code = (CmcStatus)(int)status.ReadInteger();
            var bodies = status.ReadSequence();
            var bodyList = new List<uint>();
            while (bodies.HasData)
            {
                bodyList.Add(TaggedAttributes.ReadBodyPartId(bodies));
            }
            string? statusString = status.HasData && status.PeekTag().HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.UTF8String))
                ? status.ReadCharacterString(UniversalTagNumber.UTF8String)
                : null;
            CmcFailInfo? failInfo = status.HasData && status.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)
                ? (CmcFailInfo)(int)status.ReadInteger()
                : null;
            return new FullPkiResponse(
                TaggedAttributes.ReadInteger(TaggedAttributes.Require(controls, CmcOids.TransactionId, "transactionId")),
                TaggedAttributes.ReadOctetString(TaggedAttributes.Require(controls, CmcOids.RecipientNonce, "recipientNonce")),
                controls.TryGetValue(CmcOids.SenderNonce, out var nonce) ? TaggedAttributes.ReadOctetString(nonce) : [],
                code,
                bodyList,
                failInfo,
                statusString);
        }
        catch (AsnContentException exception)
        {
            throw new CmcException(CmcError.Malformed, $"not a DER PKIResponse: {exception.Message}", exception);
        }
    }

    // CMCStatusInfoV2 ::= SEQUENCE { cMCStatus, bodyList, statusString UTF8String OPTIONAL, otherInfo OtherStatusInfo OPTIONAL }
    private void WriteStatus(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger((int)Status);
            using (writer.PushSequence())
            {
                foreach (uint body in BodyList)
                {
                    writer.WriteInteger(body);
                }
            }
            if (StatusString is { } text)
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, text);
            }
            if (FailInfo is { } fail)
            {
                writer.WriteInteger((int)fail); // OtherStatusInfo's failInfo choice
            }
        }
    }
}
