namespace Eals.Masa.Requests;

/// <summary>What has been learnt of a request so far, so that a refusal at any step is audited with all of it.</summary>
public sealed class RequestFacts
{
    public string? RegistrarSubject { get; set; }

    public string? DomainFingerprint { get; set; }

    public string? SerialNumber { get; set; }
}
