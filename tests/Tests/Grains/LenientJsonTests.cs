using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.Grains;

public sealed class LenientJsonTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData(" {\"a\": NaN, \"b\": Infinity, \"c\": -Infinity} ")]
    [InlineData("{\"a\": [1, -2.5e-3, {\"b\": null}], \"s\": \"NaN \\\" \\u00e9\", \"t\": true}")]
    [InlineData("{\"system.disk.\\\\.usagePercent\": 1}")]
    public void Objects_with_python_number_tokens_are_accepted(string text)
    {
        Assert.True(LenientJson.IsObject(text, out var error), error);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"a\": nan}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": \"unterminated}")]
    [InlineData("{\"a\": 1}{}")]
    [InlineData("{a: 1}")]
    public void Anything_else_is_rejected_with_a_reason(string text)
    {
        Assert.False(LenientJson.IsObject(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Deep_nesting_is_rejected_instead_of_overflowing_the_stack()
    {
        var text = "{\"a\": " + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.False(LenientJson.IsObject(text, out _));
    }

    [Fact]
    public void The_step_is_read_from_the_top_level_only()
    {
        Assert.Equal(7, LenientJson.GetTopLevelNumber("{\"x\": {\"_step\": 1}, \"_step\": 7}", "_step"));
        Assert.Null(LenientJson.GetTopLevelNumber("{\"x\": {\"_step\": 1}}", "_step"));
        Assert.True(double.IsNaN(LenientJson.GetTopLevelNumber("{\"_step\": NaN}", "_step")!.Value));
    }

    [Fact]
    public void Sampling_keeps_first_and_last_and_never_repeats()
    {
        var items = Enumerable.Range(0, 7).ToArray();
        Assert.Equal([0, 3, 6], HistoryRows.Evenly(items.Length, 3).Select(i => items[(int)i]).ToList());
        var six = HistoryRows.Evenly(items.Length, 6).Select(i => items[(int)i]).ToList();
        Assert.Equal(6, six.Distinct().Count());
        Assert.Equal((0, 6), (six[0], six[^1]));
        Assert.Equal(items, HistoryRows.Evenly(items.Length, 0).Select(i => items[(int)i]).ToList());
        Assert.Equal([0], HistoryRows.Evenly(items.Length, 1).Select(i => items[(int)i]).ToList());
    }

    [Theory]
    [InlineData("{\"a\": NaN, \"b\": [Infinity, -Infinity]}", "{\"a\": \"NaN\", \"b\": [\"Infinity\", \"-Infinity\"]}")]
    [InlineData("{\"NaN\": \"Infinity \\\" NaN\", \"x\": NaN}", "{\"NaN\": \"Infinity \\\" NaN\", \"x\": \"NaN\"}")]
    [InlineData("{\"a\": 1.5}", "{\"a\": 1.5}")]
    public void Standardize_quotes_python_number_tokens_outside_strings_only(string stored, string expected)
    {
        Assert.Equal(expected, LenientJson.Standardize(stored));
    }

    [Fact]
    public void Resolve_follows_a_path_of_keys_into_nested_objects()
    {
        Assert.Equal("{\"x\": NaN}", LenientJson.Resolve("{\"_wandb\": {\"value\": {\"x\": NaN}}}", ["_wandb", "value"]));
        Assert.Null(LenientJson.Resolve("{\"_wandb\": 1}", ["_wandb", "value"]));
    }
}
