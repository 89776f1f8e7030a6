namespace Orleans.Wandb.Contracts.Charts;

/// <summary>What a custom chart preset may hold (past these, <c>createCustomChart</c> answers 400 and stores nothing).</summary>
public static class ChartLimits
{
    /// <summary>A spec's length in characters; a preset is one grain state row (64 KiB in MySQL) with room to spare.</summary>
    public const int MaxSpecLength = 32 * 1024;

    /// <summary>A display name's length in characters.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>Presets per entity.</summary>
    public const int MaxChartsPerEntity = 500;

    /// <summary>The spec languages W&amp;B's chart presets use.</summary>
    public static readonly IReadOnlySet<string> SpecTypes = new HashSet<string>(StringComparer.Ordinal) { "vega", "vega2", "vega3" };

    /// <summary>Who may read a preset besides its entity.</summary>
    public static readonly IReadOnlySet<string> AccessLevels = new HashSet<string>(StringComparer.Ordinal) { "PRIVATE", "PUBLIC" };
}
