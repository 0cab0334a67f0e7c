namespace Eals.Protocol.Coap;

/// <summary>What the registry says of one option: format, permitted value lengths, repeatability.</summary>
public sealed record CoapOptionDefinition(ushort Number, string Name, CoapOptionFormat Format, int MinLength, int MaxLength, bool Repeatable)
{
    public bool IsCritical => CoapOptionNumber.IsCritical(Number);
}
