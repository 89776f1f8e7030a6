namespace Orleans.Wandb.Contracts.Limits;

/// <summary>
/// Caps on one run-table filter (the <c>filters</c> JSON of <c>Project.runs</c> and <c>runCount</c>). The clients
/// send a handful of conditions; the web app's largest is a <c>$in</c> of selected run names. Past a cap the query
/// is refused with 400 before it touches a run.
/// </summary>
public static class RunFilterLimits
{
    /// <summary>Values in all <c>$in</c>/<c>$nin</c> lists of one filter together.</summary>
    public const int MaxListValues = 10_000;

    /// <summary>Conditions (each operator, or a bare value) and groups in one filter.</summary>
    public const int MaxConditions = 1_000;

    /// <summary>Nesting of <c>$and</c>/<c>$or</c>/<c>$nor</c>.</summary>
    public const int MaxNesting = 16;

    /// <summary>
    /// Longest time one query may spend over a project's runs. Within the caps above a query stays far below it
    /// (a 10,000-value <c>$in</c> over 100k runs takes milliseconds); a thousand patterns over 100k runs would not.
    /// </summary>
    public static readonly TimeSpan MaxQueryTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>$regex</c> conditions in one filter. Each compiles to an automaton (milliseconds of CPU) and is matched
    /// against every run; the clients send one, for a name search.
    /// </summary>
    public const int MaxPatterns = 50;

    /// <summary>Longest <c>$regex</c> pattern.</summary>
    public const int MaxPatternLength = 1_000;
}
