using System.Security.Cryptography;

namespace Eals.Protocol.Pki;

/// <summary>RFC 7468 textual encoding: finds the first block with one of the expected labels.</summary>
internal static class Pem
{
    public static byte[] Decode(string text, params string[] labels)
    {
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label];
            foreach (var expected in labels)
            {
                if (label.SequenceEqual(expected))
                {
                    var data = new byte[fields.DecodedDataLength];
                    if (!Convert.TryFromBase64Chars(remaining[fields.Base64Data], data, out int written) || written != data.Length)
                    {
                        throw new PkiException(PkiError.Malformed, $"The {expected} PEM block is not valid base64.");
                    }

                    return data;
                }
            }

            remaining = remaining[fields.Location.End..];
        }

        throw new PkiException(PkiError.Malformed, $"No PEM block labelled {labels[0]}.");
    }
}
