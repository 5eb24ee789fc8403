using Parley.Reporting.Exporters;

namespace Parley.Reporting.Tests;

/// <summary>CSV text cells cannot become spreadsheet formulas; numbers stay numbers.</summary>
public sealed class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("-", "-")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("russia, ukraine", "\"russia, ukraine\"")]
    [InlineData("", "")]
    public void Text_cells_are_quoted_and_defused(string text, string cell) => Assert.Equal(cell, CsvText.Cell(text));
}
