using System.Formats.Cbor;

namespace Eals.Protocol.Ace;

/// <summary>
/// OSCORE_Input_Material (RFC 9203 section 3.2.1) as this route uses it: id, ms and salt; version, hkdf and alg
/// take their defaults (1, HKDF SHA-256, AES-CCM-16-64-128) and contextId is absent. The Master Secret is never
/// shown by <see cref="ToString"/>.
/// </summary>
public sealed record OscoreInputMaterial(byte[] Id, byte[] MasterSecret, byte[] Salt)
{
    public void Write(CborWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartMap(3);
        writer.WriteInt32(AceLabels.InputMaterialId);
        writer.WriteByteString(Id);
        writer.WriteInt32(AceLabels.InputMaterialMasterSecret);
        writer.WriteByteString(MasterSecret);
        writer.WriteInt32(AceLabels.InputMaterialSalt);
        writer.WriteByteString(Salt);
        writer.WriteEndMap();
    }

    internal static OscoreInputMaterial From(AceMap map)
    {
        const string What = "OSCORE_Input_Material";
        if (map.Has(AceLabels.InputMaterialContextId))
        {
            throw new AceFormatException($"{What}: contextId is not supported by this route");
        }
        var secret = map.Bytes(AceLabels.InputMaterialMasterSecret, What);
        if (secret.Length < 16)
        {
            throw new AceFormatException($"{What}: the master secret is shorter than 16 bytes");
        }
        return new OscoreInputMaterial(map.Bytes(AceLabels.InputMaterialId, What), secret, map.OptionalBytes(AceLabels.InputMaterialSalt, What) ?? []);
    }

    /// <summary>Writes <c>cnf = { osc: OSCORE_Input_Material }</c> (RFC 9203 section 3.2).</summary>
    internal void WriteConfirmation(CborWriter writer)
    {
        writer.WriteInt32(AceLabels.Confirmation);
        writer.WriteStartMap(1);
        writer.WriteInt32(AceLabels.Osc);
        Write(writer);
        writer.WriteEndMap();
    }

    internal static OscoreInputMaterial? FromConfirmation(AceMap map, string what)
    {
        if (map.OptionalMap(AceLabels.Confirmation, what) is not { } confirmation)
        {
            return null;
        }
        return confirmation.OptionalMap(AceLabels.Osc, what) is { } osc
            ? From(osc)
            : throw new AceFormatException($"{what}: cnf carries no 'osc' input material");
    }

    public override string ToString() => $"OscoreInputMaterial {{ Id = {Convert.ToHexStringLower(Id)} }}";
}
