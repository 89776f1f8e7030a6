namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// One run, keyed by <see cref="Keys.RunKey"/>. Owns the run's metadata, stream offsets, summary and an
/// in-memory tail of its history; accepts <c>file_stream</c> batches and answers only once they are durable.
/// </summary>
[Alias("wandb.IRunGrain")]
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Creates the run or updates the fields that are non-null in <paramref name="upsert"/>.</summary>
    [Alias("Upsert")]
    Task<RunUpsertResult> UpsertAsync(RunUpsert upsert);

    /// <summary>Writes a file_stream batch at its offsets (creating the run if needed); returns once durable.</summary>
    [Alias("Append")]
    ValueTask<FileStreamResult> AppendAsync(FileStreamBatch batch);

    /// <summary>The run as it is now, or null when it does not exist.</summary>
    [Alias("Get")]
    ValueTask<RunInfo?> GetAsync();

    /// <summary>Creates the run with defaults when it does not exist yet (upload URLs for an unknown run).</summary>
    [Alias("Ensure")]
    Task<RunInfo> EnsureAsync(long userId);

    /// <summary>Asks the run's process to stop: later file_stream answers carry <c>stopped: true</c>.</summary>
    [Alias("RequestStop")]
    Task<RunInfo?> RequestStopAsync();

    /// <summary>Stored history or events lines in a step window, down-sampled (see <see cref="HistoryWindow"/>).</summary>
    [Alias("GetHistory")]
    Task<IReadOnlyList<string>> GetHistoryAsync(HistoryWindow window);

    /// <summary>
    /// The <c>sampledHistory</c> answer for one spec: a JSON array of row objects (standard JSON: NaN and infinities
    /// as strings), at most <c>Samples</c> rows that have every key, keeping each numeric key's extremes.
    /// </summary>
    [Alias("GetSampledHistory")]
    Task<string> GetSampledHistoryAsync(SampledHistorySpec spec);

    /// <summary>
    /// <c>wandbConfig(keys)</c>: the requested keys (all when null) of <c>config["_wandb"]["value"]</c> as a JSON object;
    /// New treats a run as resumable only when <c>t</c> is in it. Null for an unknown run.
    /// </summary>
    [Alias("GetWandbConfig")]
    Task<string?> GetWandbConfigAsync(IReadOnlyList<string>? keys);

    /// <summary>The JSON object <c>historyKeys</c> returns: <c>lastStep</c> and per-key type counts.</summary>
    [Alias("GetHistoryKeys")]
    Task<string> GetHistoryKeysAsync();

    /// <summary>Registers or refreshes a run file once its upload has landed.</summary>
    [Alias("RegisterFile")]
    Task RegisterFileAsync(RunFileInfo file);

    /// <summary>
    /// Forgets the named files (<c>file.delete()</c>); returns the names the run had, whose stored bytes the caller
    /// then deletes (rows first, so a crash leaves unreferenced bytes, never a listed file without bytes).
    /// </summary>
    [Alias("DeleteFiles")]
    Task<IReadOnlyList<string>> DeleteFilesAsync(IReadOnlyList<string> names);

    /// <summary>The run's files, sorted by name.</summary>
    [Alias("GetFiles")]
    Task<IReadOnlyList<RunFileInfo>> GetFilesAsync();

    /// <summary>
    /// Registers the files clients uploaded straight to the store (cluster profile) whose size or MD5 differs from the
    /// run's list, by listing the run's prefix; nothing to do without such a store. Called when a client reports uploads.
    /// </summary>
    [Alias("RegisterDirectUploads")]
    Task RegisterDirectUploadsAsync();

    /// <summary>Chart data for some of the run's metrics over a window of an x-axis (see <see cref="Charts.ChartQuery"/>).</summary>
    [Alias("GetChart")]
    Task<IReadOnlyList<Charts.ChartSeries>> GetChartAsync(Charts.ChartQuery query);

    /// <summary>
    /// Deletes the run: its log, compacted history, run-index row, file list and state (the file bytes are the
    /// caller's to remove). False when there was no such run.
    /// </summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>
    /// <c>rewindRun</c> (<c>wandb.init(resume_from="run?_step=N")</c>): durably drops the history rows after the first
    /// one past <paramref name="step"/> and recomputes the summary from the rows kept; null for an unknown run.
    /// </summary>
    [Alias("Rewind")]
    Task<RunInfo?> RewindAsync(double step);

    /// <summary>
    /// What a fork of this run at <paramref name="step"/> starts from, with the kept rows from
    /// <paramref name="fromRow"/> on (at most <paramref name="maxRows"/>); null for an unknown run.
    /// </summary>
    [Alias("GetBranch")]
    Task<RunBranch?> GetBranchAsync(double step, int fromRow, int maxRows);

    /// <summary>Sets the state from the public API (<c>pending</c> or <c>failed</c> only); null for an unknown run.</summary>
    [Alias("SetState")]
    Task<RunInfo?> SetStateAsync(string state);
}
