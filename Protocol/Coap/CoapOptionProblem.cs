namespace Eals.Protocol.Coap;

/// <summary>An option the receiver must treat as unrecognized (RFC 7252 sections 5.4.1, 5.4.3, 5.4.5).</summary>
public readonly record struct CoapOptionProblem(ushort Number, CoapOptionProblemKind Kind)
{
    public bool IsCritical => CoapOptionNumber.IsCritical(Number);

    public string Describe(CoapOptionRegistry registry) => Kind switch
    {
        CoapOptionProblemKind.Unrecognized => $"unrecognized critical option {Number}",
        CoapOptionProblemKind.BadLength => $"{registry.NameOf(Number)} has a length outside its range",
        CoapOptionProblemKind.Repeated => $"{registry.NameOf(Number)} is not repeatable",
        _ => $"option {Number}",
    };
}
