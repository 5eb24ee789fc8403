namespace Parley.Core.Durability;

/// <summary>Concordance and Kaplan–Meier estimates for censored survival data.</summary>
public static class SurvivalMetrics
{
    /// <summary>
    /// Harrell's C-index: among pairs where the one with the shorter time had the event, the share in
    /// which it also had the higher predicted risk (ties in risk count one half).
    /// </summary>
    /// <param name="time">Observed times.</param>
    /// <param name="died">Events.</param>
    /// <param name="risk">Predicted risk (higher = ends sooner).</param>
    public static double Concordance(IReadOnlyList<double> time, IReadOnlyList<bool> died, IReadOnlyList<double> risk)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(died);
        ArgumentNullException.ThrowIfNull(risk);
        double concordant = 0;
        long comparable = 0;
        for (int i = 0; i < time.Count; i++)
        {
            if (!died[i])
            {
                continue;
            }

            for (int j = 0; j < time.Count; j++)
            {
                if (time[i] < time[j])
                {
                    comparable++;
                    concordant += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
                }
            }
        }

        return comparable == 0 ? double.NaN : concordant / comparable;
    }

    /// <summary>The Kaplan–Meier estimate of surviving past t.</summary>
    /// <param name="time">Observed times.</param>
    /// <param name="died">Events.</param>
    /// <param name="t">Time.</param>
    public static double KaplanMeier(IReadOnlyList<double> time, IReadOnlyList<bool> died, double t)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(died);
        double s = 1;
        foreach (double u in time.Where((x, k) => died[k] && x <= t).Distinct().Order())
        {
            int atRisk = time.Count(x => x >= u);
            int events = time.Where((x, k) => died[k] && x == u).Count();
            s *= 1 - ((double)events / atRisk);
        }

        return s;
    }
}
