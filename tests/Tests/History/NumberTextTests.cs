using System.Globalization;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.History;

/// <summary>How a number's text is classified so that it comes back byte for byte from its double.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("0.5", true)]
    [InlineData("-12.25", true)]
    [InlineData("0.0001", true)]
    [InlineData("0.00001", false)]
    [InlineData("123456789012345.6", false)]
    [InlineData("12345678901234.5", true)]
    [InlineData("0.123456789012345", true)]
    [InlineData("0.1234567890123456", false)]
    [InlineData("0.50", false)]
    [InlineData("00.5", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e-3", false)]
    [InlineData("5", false)]
    public void Short_plain_decimals_are_recognised_without_formatting(string raw, bool expected) =>
        Assert.Equal(expected, NumberText.IsShortPlainDecimal(raw));

    [Fact]
    public void The_fast_path_agrees_with_formatting_on_random_decimals()
    {
        var random = new Random(7);
        var checkedTexts = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 18);
            var scale = random.Next(-8, 17);
            var value = Math.Round(random.NextDouble() * Math.Pow(10, scale), Math.Clamp(digits - scale, 0, 15));
            if (random.Next(4) == 0)
            {
                value = -value;
            }

            foreach (var raw in new[] { value.ToString("R", CultureInfo.InvariantCulture), NumberText.Python(value), NumberText.Js(value) })
            {
                if (!NumberText.IsShortPlainDecimal(raw))
                {
                    continue;
                }

                checkedTexts++;
                var parsed = LenientJson.ParseNumber(raw);
                Assert.Equal(raw, NumberText.Python(parsed));
                Assert.Equal(raw, NumberText.Js(parsed));
            }
        }

        Assert.True(checkedTexts > 100_000, $"only {checkedTexts} texts took the fast path");
    }
}
