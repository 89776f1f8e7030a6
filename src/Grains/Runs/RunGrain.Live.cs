using Orleans.Wandb.Contracts.Live;
using Orleans.Wandb.Grains.Live;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>The web app's live view of a run: a change version to await, and the console output to read.</summary>
internal sealed partial class RunGrain : IRunLiveGrain
{
    private const int MaxOutputLines = 5000;

    private readonly ChangeSignal _live = new();

    /// <inheritdoc />
    public Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait) => _live.WaitAsync(knownVersion, maxWait);

    /// <inheritdoc />
    public async Task<OutputLines> GetOutputAsync(int fromLine, int maxLines)
    {
        if (!S.Exists)
        {
            return new OutputLines(0, [], 0);
        }

        var lines = await StreamFileReader.ReadLinesAsync(log, _key, StreamFileKind.Output);
        var start = Math.Clamp(fromLine, 0, lines.Count);
        var count = Math.Min(Math.Clamp(maxLines, 1, MaxOutputLines), lines.Count - start);
        var slice = new string[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = lines[start + i] ?? "";
        }

        return new OutputLines(start, slice, lines.Count);
    }

    /// <summary>Called wherever the run changes what a viewer sees (data made durable, fields, state, files).</summary>
    private void NotifyViewers() => _live.Notify();
}
