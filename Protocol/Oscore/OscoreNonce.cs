namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 5.2, the AEAD nonce:
/// <code>
///      &lt;- nonce length minus 6 B -&gt; &lt;-- 5 bytes --&gt;
/// +---+-------------------+--------+---------+-----+
/// | S |      padding      | ID_PIV | padding | PIV |----+
/// +---+-------------------+--------+---------+-----+    |
///                                                       |
///  &lt;---------------- nonce length ----------------&gt;     |
/// +------------------------------------------------+    |
/// |                   Common IV                    |-&gt;(XOR)
/// +------------------------------------------------+    |
///                                                       |
///  &lt;---------------- nonce length ----------------&gt;     |
/// +------------------------------------------------+    |
/// |                     Nonce                      |&lt;---+
/// +------------------------------------------------+
/// </code>
/// ID_PIV is the Sender ID of the endpoint that generated the Partial IV; S is its length.
/// </summary>
public static class OscoreNonce
{
    public static byte[] Compute(ReadOnlySpan<byte> commonIv, ReadOnlySpan<byte> idPiv, ReadOnlySpan<byte> partialIv)
    {
        var nonce = new byte[OscoreAlgorithm.NonceLength];
        Compute(commonIv, idPiv, partialIv, nonce);
        return nonce;
    }

    public static void Compute(ReadOnlySpan<byte> commonIv, ReadOnlySpan<byte> idPiv, ReadOnlySpan<byte> partialIv, Span<byte> nonce)
    {
        if (commonIv.Length != OscoreAlgorithm.NonceLength || nonce.Length != OscoreAlgorithm.NonceLength)
        {
            throw new ArgumentException($"Common IV and nonce are {OscoreAlgorithm.NonceLength} bytes.");
        }
        if (idPiv.Length > OscoreAlgorithm.MaxIdLength || partialIv.Length > OscoreAlgorithm.MaxPartialIvLength)
        {
            throw new ArgumentException("ID_PIV or Partial IV too long for the nonce.");
        }
        nonce.Clear();
        nonce[0] = (byte)idPiv.Length;
        idPiv.CopyTo(nonce[(1 + OscoreAlgorithm.MaxIdLength - idPiv.Length)..]);
        partialIv.CopyTo(nonce[(OscoreAlgorithm.NonceLength - partialIv.Length)..]);
        for (int i = 0; i < nonce.Length; i++)
        {
            nonce[i] ^= commonIv[i];
        }
    }
}
