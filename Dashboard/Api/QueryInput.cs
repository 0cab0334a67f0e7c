using System.Globalization;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard.Api;

/// <summary>Checks of the listings' query parameters; anything else gets 400 problem details that say what is expected.</summary>
public static class QueryInput
{
    public const int PageSize = 50;

    public const int MaxSearchLength = 64;

    public static int MaxPage => PledgeDirectory.MaxDepth / PageSize;

    public static IResult Problem(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad query", detail: detail);

    /// <summary>1-based page number (absent: 1) into the number of items to skip.</summary>
    public static bool TryPage(string? page, out int skip, out IResult? problem)
    {
        skip = 0;
        problem = null;
        if (page is null)
        {
            return true;
        }
        if (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1 || number > MaxPage)
        {
            problem = Problem($"page must be a whole number from 1 to {MaxPage} ({PageSize} items a page); for more, narrow the search.");
            return false;
        }
        skip = (number - 1) * PageSize;
        return true;
    }

    /// <summary>A pledge state by name (any case), or none.</summary>
    public static bool TryState(string? state, out PledgeStatus? status, out IResult? problem)
    {
        status = null;
        problem = null;
        if (string.IsNullOrEmpty(state))
        {
            return true;
        }
        if (Enum.TryParse(state, ignoreCase: true, out PledgeStatus parsed) && Enum.IsDefined(parsed) && !state.Any(char.IsDigit))
        {
            status = parsed;
            return true;
        }
        problem = Problem($"state must be one of {string.Join(", ", Enum.GetNames<PledgeStatus>())}.");
        return false;
    }

    /// <summary>Search text: at most <see cref="MaxSearchLength"/> printable characters.</summary>
    public static bool TrySearchText(string? text, out IResult? problem)
    {
        problem = text is { Length: > MaxSearchLength } || (text?.Any(char.IsControl) ?? false)
            ? Problem($"q must be at most {MaxSearchLength} printable characters.")
            : null;
        return problem is null;
    }

    /// <summary>A certificate serial number: hex digits (upper-cased, as it is recorded).</summary>
    public static bool TryCertificateSerial(string serial, out string normalized, out IResult? problem)
    {
        normalized = serial.ToUpperInvariant();
        problem = serial.Length is > 0 and <= 64 && serial.All(char.IsAsciiHexDigit)
            ? null
            : Problem("a certificate serial number is 1 to 64 hex digits.");
        return problem is null;
    }

    public static bool TryMinutes(string? minutes, out int value, out IResult? problem)
    {
        value = FleetOverview.DefaultMinutes;
        problem = null;
        if (minutes is null)
        {
            return true;
        }
        if (int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= FleetTally.SeriesMinutes)
        {
            return true;
        }
        problem = Problem($"minutes must be a whole number from 1 to {FleetTally.SeriesMinutes}.");
        return false;
    }
}
