namespace Eals.Grains.Certificates;

[GenerateSerializer]
[Alias("eals.certificate-record-state")]
public sealed class CertificateRecordGrainState
{
    [Id(0)] public CertificateRecord? Record { get; set; }
}
