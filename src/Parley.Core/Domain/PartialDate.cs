using System.Globalization;

namespace Parley.Core.Domain;

/// <summary>A date as scenarios write it, to the year, the month or the day (YYYY, YYYY-MM or YYYY-MM-DD; validated when read).</summary>
public static class PartialDate
{
    /// <summary>The first day the date can mean.</summary>
    /// <param name="date">YYYY, YYYY-MM or YYYY-MM-DD.</param>
    public static DateOnly First(string date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return date.Length switch
        {
            4 => new DateOnly(int.Parse(date, CultureInfo.InvariantCulture), 1, 1),
            7 => new DateOnly(int.Parse(date[..4], CultureInfo.InvariantCulture), int.Parse(date[5..], CultureInfo.InvariantCulture), 1),
            _ => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The last day the date can mean.</summary>
    /// <param name="date">YYYY, YYYY-MM or YYYY-MM-DD.</param>
    public static DateOnly Last(string date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return date.Length switch
        {
            4 => First(date).AddYears(1).AddDays(-1),
            7 => First(date).AddMonths(1).AddDays(-1),
            _ => First(date),
        };
    }
}
