namespace Eals.Dashboard.Live;

/// <summary>One server-sent event, serialised once for every client: its type and JSON data.</summary>
public sealed record LiveEvent(string Type, string Json)
{
    public const string Fleet = "fleet";
    public const string Approvals = "approvals";
    public const string Pledges = "pledges";
}
