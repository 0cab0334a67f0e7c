using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>Pledges whose serial contains <see cref="Text"/> (any case; a prefix is a substring too), in <see cref="Status"/> if given.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-query")]
public sealed record PledgeQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] PledgeStatus? Status)
{
    /// <summary>The escape character of <see cref="ContainsPattern"/> (SQL: <c>LIKE $pattern ESCAPE '\'</c>).</summary>
    public const char LikeEscape = '\\';

    public bool HasText => !string.IsNullOrEmpty(Text);

    /// <summary>The SQL LIKE pattern of "contains <see cref="Text"/>", its wildcards and escape character escaped.</summary>
    public string ContainsPattern()
    {
        var pattern = new System.Text.StringBuilder("%", (Text?.Length ?? 0) * 2 + 2);
        foreach (char c in Text ?? "")
        {
            if (c is '%' or '_' or LikeEscape)
            {
                pattern.Append(LikeEscape);
            }
            pattern.Append(c);
        }
        return pattern.Append('%').ToString();
    }
}
