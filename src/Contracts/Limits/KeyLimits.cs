namespace Orleans.Wandb.Contracts.Limits;

/// <summary>
/// Caps on the config and summary keys the run table indexes, counted as flattened paths (<c>config.lr</c>,
/// <c>summary_metrics.eval.loss</c>; nested objects count each member, up to four levels). W&amp;B users log hundreds
/// of keys and some thousands (per-class metrics), so both caps are generous; past them the upsert or file_stream
/// batch that would add keys is refused with 400 and nothing of it is stored.
/// </summary>
public static class KeyLimits
{
    /// <summary>Config plus summary paths one run may hold.</summary>
    public const int MaxKeysPerRun = 10_000;

    /// <summary>Distinct config plus summary paths over all runs of a project.</summary>
    public const int MaxKeysPerProject = 100_000;
}
