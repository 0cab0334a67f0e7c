using System.Collections.ObjectModel;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// Parses and validates a PKCS#10 certification request (RFC 2986), the payload of EST-coaps /sen and /sren
/// (content format 286, RFC 9148 section 5). Every refusal is a <see cref="PkiException"/>, never a raw
/// parser exception.
/// <code>
/// CertificationRequestInfo ::= SEQUENCE {
///   version       INTEGER { v1(0) },
///   subject       Name,
///   subjectPKInfo SubjectPublicKeyInfo,
///   attributes    [0] Attributes }
/// </code>
/// </summary>
public static class CsrParser
{
    /// <summary>Known extensions a pledge may ask for; the CA ignores their values and applies its policy.</summary>
    private static readonly HashSet<string> UnderstoodExtensions =
    [
        PkiOids.BasicConstraints, PkiOids.KeyUsage, PkiOids.ExtendedKeyUsage, PkiOids.SubjectAltName, PkiOids.SubjectKeyIdentifier,
    ];

    /// <summary>Parses a DER request (the whole input must be one request).</summary>
    public static ValidatedCsr Parse(ReadOnlyMemory<byte> der) => Parse(der, generatedKey: null);

    /// <summary>
    /// Server-side key generation (RFC 9148 section 4.8, RFC 7030 section 4.4.1): the request is a template
    /// whose public key and signature the server must ignore; the result carries <paramref name="generatedKey"/>
    /// instead. Everything else (subject, requested extensions) is checked as for <see cref="Parse(ReadOnlyMemory{byte})"/>.
    /// </summary>
    public static ValidatedCsr ParseTemplate(ReadOnlyMemory<byte> der, PublicKey generatedKey)
    {
        ArgumentNullException.ThrowIfNull(generatedKey);
        return Parse(der, generatedKey);
    }

    private static ValidatedCsr Parse(ReadOnlyMemory<byte> der, PublicKey? generatedKey)
    {
        var signed = SignedDer.Read(der);
        RequireVersion1(signed.ToBeSigned);

        CertificateRequest request;
        try
        {
            // The signature is verified below against the P-256 key only, once the key type is known to be
            // acceptable; extensions are loaded (the BCL drops them otherwise) and validated here.
            request = CertificateRequest.LoadSigningRequest(
                der.Span,
                HashAlgorithmName.SHA256,
                out int consumed,
                CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            if (consumed != der.Length)
            {
                throw new PkiException(PkiError.Malformed, "Trailing bytes after the request.");
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new PkiException(PkiError.Malformed, "Not a well-formed PKCS#10 request.", e);
        }

        if (generatedKey is null)
        {
            signed.Verify(PublicKeys.OpenP256(request.PublicKey), "request");
        }

        var extensions = ValidateExtensions(request.CertificateExtensions);
        string[] attributeOids = [.. request.OtherRequestAttributes.Select(attribute => attribute.Oid?.Value ?? "")];
        return new ValidatedCsr(der.ToArray(), request.SubjectName, generatedKey ?? request.PublicKey, extensions, attributeOids);
    }

    /// <summary>Parses a PEM request ("CERTIFICATE REQUEST" or the legacy "NEW CERTIFICATE REQUEST" label), for tooling.</summary>
    public static ValidatedCsr ParsePem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return Parse(Pem.Decode(pem, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"));
    }

    private static void RequireVersion1(ReadOnlyMemory<byte> info)
    {
        try
        {
            var reader = new AsnReader(info, AsnEncodingRules.DER).ReadSequence();
            if (!reader.TryReadInt32(out int version) || version != 0)
            {
                throw new PkiException(PkiError.Malformed, "The request version is not v1(0).");
            }
        }
        catch (AsnContentException e)
        {
            throw new PkiException(PkiError.Malformed, "The request info is not well-formed.", e);
        }
    }

    /// <summary>
    /// RFC 5280 section 4.2: an extension may appear once; a CA must refuse a critical extension it does not
    /// understand. A pledge never gets a CA certificate or certificate-signing rights, whatever it asks.
    /// </summary>
    private static X509Extension[] ValidateExtensions(Collection<X509Extension> requested)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var extension in requested)
            {
                string oid = extension.Oid?.Value ?? throw new PkiException(PkiError.Malformed, "An extension without an identifier.");
                if (!seen.Add(oid))
                {
                    throw new PkiException(PkiError.Malformed, $"Extension {oid} is requested twice.");
                }

                if (oid == PkiOids.BasicConstraints && new X509BasicConstraintsExtension(extension, extension.Critical).CertificateAuthority)
                {
                    throw new PkiException(PkiError.RequestsCaCertificate, "The request asks for a CA certificate (basicConstraints cA=TRUE).");
                }

                if (oid == PkiOids.KeyUsage
                    && (new X509KeyUsageExtension(extension, extension.Critical).KeyUsages & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) != 0)
                {
                    throw new PkiException(PkiError.RequestsCertificateSigning, "The request asks for keyCertSign or cRLSign.");
                }

                if (extension.Critical && !UnderstoodExtensions.Contains(oid))
                {
                    throw new PkiException(PkiError.UnsupportedCriticalExtension, $"The request marks unknown extension {oid} critical.");
                }
            }
        }
        catch (CryptographicException e)
        {
            throw new PkiException(PkiError.Malformed, "A requested extension is not well-formed.", e);
        }

        return [.. requested];
    }
}
