namespace Eals.Protocol.Vouchers;

/// <summary>A COSE header label: <c>int / tstr</c> (RFC 9052 section 3).</summary>
internal abstract record HeaderLabel
{
    private HeaderLabel()
    {
    }

    public sealed record Int(long Value) : HeaderLabel
    {
        public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed record Text(string Value) : HeaderLabel
    {
        public override string ToString() => $"\"{Value}\"";
    }
}
