using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Cmc;

/// <summary>
/// A Full PKI Request (RFC 5272 section 3.2): PKIData with the controls transactionId and senderNonce and
/// one TaggedCertificationRequest (a PKCS#10 with its bodyPartID), signed as CMS SignedData with
/// eContentType id-cct-PKIData by the device's IDevID or by a registration authority on its behalf.
/// </summary>
public sealed record FullPkiRequest(BigInteger TransactionId, byte[] SenderNonce, uint RequestBodyPartId, byte[] CertificationRequest)
{
    /// <summary>The bodyPartIDs of the two controls; the request's is <see cref="RequestBodyPartId"/>.</summary>
    private const uint TransactionIdPart = 1, SenderNoncePart = 2;

    /// <summary>The bodyPartID this system gives the PKCS#10.</summary>
    public const uint DefaultRequestBodyPartId = 3;

    /// <summary>A new request for <paramref name="certificationRequest"/> with a random transactionId and 16-byte senderNonce.</summary>
    public static FullPkiRequest Create(byte[] certificationRequest, Crypto.IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> transaction = stackalloc byte[8];
        random.Fill(transaction);
        byte[] nonce = new byte[16];
        random.Fill(nonce);
        return new FullPkiRequest(new BigInteger(transaction, isUnsigned: true), nonce, DefaultRequestBodyPartId, certificationRequest);
    }

    /// <summary>The PKIData (DER).</summary>
    public byte[] EncodePkiData()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                TaggedAttributes.Write(writer, TransactionIdPart, CmcOids.TransactionId, w => w.WriteInteger(TransactionId));
                TaggedAttributes.Write(writer, SenderNoncePart, CmcOids.SenderNonce, w => w.WriteOctetString(SenderNonce));
            }
            using (writer.PushSequence())
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteInteger(RequestBodyPartId);
                writer.WriteEncodedValue(CertificationRequest);
            }
            writer.PushSequence().Dispose(); // cmsSequence
            writer.PushSequence().Dispose(); // otherMsgSequence
        }
        return writer.Encode();
    }

    /// <summary>The PKIData signed as a Full PKI Request.</summary>
    public byte[] Sign(X509Certificate2 signer, ECDsa key, IEnumerable<byte[]> otherCertificates, DateTimeOffset signingTime) =>
        CmsSignedMessage.Sign(CmcOids.PkiData, EncodePkiData(), signer, key, otherCertificates, signingTime);

    /// <summary>Parses and verifies a Full PKI Request; who signed it, and whether they are trusted, is the caller's decision.</summary>
    public static (FullPkiRequest Request, SignedContent Signed) Open(ReadOnlyMemory<byte> message)
    {
        var signed = CmsSignedMessage.Open(message, CmcOids.PkiData);
        return (DecodePkiData(signed.Content), signed);
    }

    public static FullPkiRequest DecodePkiData(ReadOnlyMemory<byte> pkiData)
    {
        try
        {
            var outer = new AsnReader(pkiData, AsnEncodingRules.DER);
            var data = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var controls = TaggedAttributes.Read(data.ReadSequence());
            var requests = data.ReadSequence();
            var tag = requests.HasData ? requests.PeekTag() : default;
            if (!requests.HasData || tag.TagClass != TagClass.ContextSpecific || tag.TagValue != 0)
            {
                throw new CmcException(CmcError.MissingControl, "the reqSequence must hold one PKCS#10 (TaggedCertificationRequest, [0])");
            }
            var tagged = requests.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            uint bodyPartId = TaggedAttributes.ReadBodyPartId(tagged);
            byte[] certificationRequest = tagged.ReadEncodedValue().ToArray();
            if (requests.HasData)
            {
                throw new CmcException(CmcError.MissingControl, "one certification request per Full PKI Request");
            }
            data.ReadSequence(); // cmsSequence: nothing this registrar acts on
            data.ReadSequence(); // otherMsgSequence
            return new FullPkiRequest(
                TaggedAttributes.ReadInteger(TaggedAttributes.Require(controls, CmcOids.TransactionId, "transactionId")),
                TaggedAttributes.ReadOctetString(TaggedAttributes.Require(controls, CmcOids.SenderNonce, "senderNonce")),
                bodyPartId,
                certificationRequest);
        }
        catch (AsnContentException exception)
        {
            throw new CmcException(CmcError.Malformed, $"not a DER PKIData: {exception.Message}", exception);
        }
    }
}
