using System.Text.Json.Nodes;
using Orleans.Wandb.Grains.Sweeps;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>Hyperband early termination: the brackets W&amp;B's config describes and the runs it stops at each.</summary>
public sealed class HyperbandTests
{
    private static Hyperband Parse(string json) => Hyperband.Parse(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void Brackets_grow_by_eta_from_min_iter_or_shrink_by_eta_from_max_iter()
    {
        Assert.Equal([2, 4, 8], Parse("""{"type": "hyperband", "min_iter": 2, "eta": 2, "s": 3}""").Brackets);
        Assert.Equal([3, 9], Parse("""{"type": "hyperband", "max_iter": 27, "s": 2}""").Brackets);
    }

    [Fact]
    public void A_running_run_outside_the_best_third_at_a_bracket_is_stopped_and_the_others_continue()
    {
        var hyperband = Parse("""{"type": "hyperband", "min_iter": 3, "s": 1}""");
        var histories = new Dictionary<string, IReadOnlyList<double>>
        {
            ["good"] = [5, 3, 1],
            ["fair"] = [5, 4, 2],
            ["poor"] = [6, 6, 6],
            ["young"] = [9], // has not reached the bracket: never judged yet
        };

        var stop = hyperband.RunsToStop(histories, ["good", "poor", "young"], maximize: false);

        Assert.Equal(["poor"], stop);
    }

    [Fact]
    public void Maximize_keeps_the_highest_and_finished_runs_are_compared_but_never_stopped()
    {
        var hyperband = Parse("""{"type": "hyperband", "min_iter": 2, "eta": 2, "s": 1}""");
        var histories = new Dictionary<string, IReadOnlyList<double>>
        {
            ["finished-low"] = [0.1, 0.2],
            ["running-high"] = [0.5, 0.9],
            ["running-low"] = [0.1, 0.3],
            ["finished-high"] = [0.8, 0.95],
        };

        var stop = hyperband.RunsToStop(histories, ["running-high", "running-low"], maximize: true);

        Assert.Equal(["running-low"], stop);
    }
}
