namespace Eals.Protocol.Vouchers;

/// <summary>The COSE header parameters this code writes and understands (RFC 9052 section 3.1, RFC 9360 section 2).</summary>
internal static class CoseHeaderLabels
{
    public const long Algorithm = 1;
    public const long Critical = 2;
    public const long ContentType = 3;
    public const long KeyId = 4;
    public const long X5Chain = 33;

    /// <summary>The labels a <c>crit</c> header may name: those this implementation processes.</summary>
    public static bool IsUnderstood(long label) => label is Algorithm or Critical or ContentType or KeyId or X5Chain;
}
