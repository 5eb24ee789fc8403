using Parley.Core.Analyses;
using SkiaSharp;

namespace Parley.Reporting;

/// <summary>
/// The executive brief as a one-page A4 PDF (SkiaSharp's PDF document, which the charts' library already brings): the
/// <see cref="BriefDocument.Executive"/> cut, set in DejaVu Sans at the largest size, from 10 pt down to 6 pt, at which it
/// fits on the page; what does not fit even at 6 pt is cut at the page's foot with a line saying so.
/// </summary>
public static class BriefPdf
{
    private const float PageWidth = 595, PageHeight = 842, Margin = 36;

    /// <summary>Writes the PDF.</summary>
    /// <param name="r">The brief.</param>
    /// <param name="output">Where to write it.</param>
    /// <returns>The font size used, in points.</returns>
    public static float Write(BriefOutcome r, Stream output)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(output);
        float size = 0;
        Draw(r, (page, draw) =>
        {
            size = page;
            var metadata = new SKDocumentPdfMetadata
            {
                Title = BriefDocument.Title(r),
                Creator = "Parley",
                Producer = "Parley " + Engine.Version,
                // a fixed date keeps the file the same bytes for the same brief
                Creation = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Modified = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            using var stream = new SKManagedWStream(output);
            using SKDocument document = SKDocument.CreatePdf(stream, metadata);
            draw(document.BeginPage(PageWidth, PageHeight));
            document.EndPage();
            document.Close();
        });
        return size;
    }

    /// <summary>The same page as a PNG image (for the README and for looking at the layout without a PDF viewer).</summary>
    /// <param name="r">The brief.</param>
    /// <param name="output">Where to write it.</param>
    /// <param name="scale">Pixels per point.</param>
    public static void WritePng(BriefOutcome r, Stream output, float scale = 1.5f)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(output);
        Draw(r, (_, draw) =>
        {
            using var surface = SKSurface.Create(new SKImageInfo((int)(PageWidth * scale), (int)(PageHeight * scale)));
            surface.Canvas.Clear(SKColors.White);
            surface.Canvas.Scale(scale);
            draw(surface.Canvas);
            using SKImage image = surface.Snapshot();
            using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(output);
        });
    }

    /// <summary>Finds the size at which the executive cut fits the page, then hands the target a way to draw it on a canvas.</summary>
    private static void Draw(BriefOutcome r, Action<float, Action<SKCanvas>> target)
    {
        IReadOnlyList<BriefSection> sections = BriefDocument.Executive(r);
        using SKTypeface regular = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using SKTypeface bold = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? regular;
        float size = 10;
        while (size > 6 && Layout(r, sections, regular, bold, size, null) > PageHeight - Margin)
        {
            size -= 0.5f;
        }

        target(size, canvas => Layout(r, sections, regular, bold, size, canvas));
    }

    /// <summary>Lays the page out at one size; draws when given a canvas; returns the height used.</summary>
    private static float Layout(BriefOutcome r, IReadOnlyList<BriefSection> sections, SKTypeface regular, SKTypeface bold, float size, SKCanvas? canvas)
    {
        using var body = new SKFont(regular, size);
        using var strong = new SKFont(bold, size);
        using var heading = new SKFont(bold, size * 1.25f);
        using var title = new SKFont(bold, size * 1.6f);
        using var ink = new SKPaint { Color = new SKColor(0x1b, 0x1b, 0x1b), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x57, 0x60, 0x6a), IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0xd0, 0xd7, 0xde), StrokeWidth = 0.6f, IsAntialias = true };
        float width = PageWidth - (2 * Margin);
        float y = Margin;
        bool cut = false;

        void Text(string text, SKFont font, SKPaint paint, float x, float w)
        {
            foreach (string line in Wrap(text, font, w))
            {
                y += font.Spacing;
                if (y > PageHeight - Margin)
                {
                    cut = true;
                    return;
                }

                canvas?.DrawText(line, x, y - font.Metrics.Descent, SKTextAlign.Left, font, paint);
            }
        }

        Text(BriefDocument.Title(r), title, ink, Margin, width);
        Text(r.View, body, grey, Margin, width);
        if (r.ProvenanceNote is string note)
        {
            Text(note, body, grey, Margin, width);
        }

        foreach (BriefSection s in sections)
        {
            y += size * 0.6f;
            Text(s.Title, heading, ink, Margin, width);
            canvas?.DrawLine(Margin, y + 1, Margin + width, y + 1, rule);
            y += size * 0.3f;
            foreach (BriefPart part in s.Parts)
            {
                switch (part)
                {
                    case BriefParagraph p:
                        Text(p.Text, body, ink, Margin, width);
                        break;
                    case BriefList l:
                        foreach (string item in l.Items)
                        {
                            float top = y;
                            Text(item, body, ink, Margin + (size * 1.2f), width - (size * 1.2f));
                            canvas?.DrawText("•", Margin + (size * 0.3f), top + body.Spacing - body.Metrics.Descent, SKTextAlign.Left, body, ink);
                        }

                        break;
                    case BriefTable t:
                        Table(t);
                        break;
                }
            }
        }

        if (cut)
        {
            y = PageHeight - Margin + body.Spacing;
            canvas?.DrawText("… cut to fit one page: 'parley brief' without --out, or with a .html or .md file, has it all.", Margin, PageHeight - (Margin / 2), SKTextAlign.Left, body, grey);
        }

        return y;

        void Table(BriefTable t)
        {
            int n = t.Header.Count;
            // columns share the width by their longest cell (capped, so that one long cell wraps instead of starving the rest)
            var want = new float[n];
            for (int c = 0; c < n; c++)
            {
                want[c] = Math.Min(width * 0.45f, strong.MeasureText(t.Header[c]) + size);
                foreach (IReadOnlyList<string> row in t.Rows)
                {
                    want[c] = Math.Max(want[c], Math.Min(width * 0.45f, body.MeasureText(row[c]) + size));
                }
            }

            float scale = width / want.Sum();
            float[] w = [.. want.Select(x => x * scale)];
            Row(t.Header, strong);
            foreach (IReadOnlyList<string> row in t.Rows)
            {
                Row(row, body);
            }

            y += size * 0.3f;

            void Row(IReadOnlyList<string> cells, SKFont font)
            {
                float top = y, bottom = y;
                float x = Margin;
                for (int c = 0; c < n; c++)
                {
                    y = top;
                    Text(cells[c], font, ink, x + (size * 0.2f), w[c] - (size * 0.4f));
                    bottom = Math.Max(bottom, y);
                    x += w[c];
                }

                y = bottom + (size * 0.15f);
                canvas?.DrawLine(Margin, y, Margin + width, y, rule);
            }
        }
    }

    /// <summary>The text in lines no wider than <paramref name="width"/> (a word longer than the line stands alone).</summary>
    private static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        string current = string.Empty;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string tried = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(tried) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = tried;
            }
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current);
        }

        return lines;
    }
}
