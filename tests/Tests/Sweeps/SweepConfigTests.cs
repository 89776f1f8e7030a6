using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Grains.Sweeps;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>Reading and validating sweep configurations as the clients send them (YAML from Python, JSON from others).</summary>
public sealed class SweepConfigTests
{
    [Fact]
    public void The_yaml_the_python_client_dumps_is_read_with_yaml_types()
    {
        // yaml.dump of {"method": "bayes", ...} as wandb v0.16.6 sends it (keys sorted, floats in PyYAML's style).
        var config = SweepConfig.Parse("""
            early_terminate:
              min_iter: 3
              type: hyperband
            method: bayes
            metric:
              goal: maximize
              name: val.acc
            parameters:
              dropout:
                values:
                - 0.1
                - 0.5
              epochs:
                value: 10
              lr:
                distribution: log_uniform_values
                max: 0.1
                min: 1.0e-05
              optimizer:
                parameters:
                  name:
                    values: [adam, 'yes']
            program: train.py
            run_cap: 20
            """);

        Assert.Equal("bayes", config.Method);
        Assert.Equal("val.acc", config.MetricName);
        Assert.True(config.Maximize);
        Assert.Equal(20, config.RunCap);
        Assert.Equal("train.py", config.Program);
        Assert.Equal(["dropout", "epochs", "lr", "optimizer.name"], config.Parameters.Select(p => p.Name));
        Assert.Equal(Distribution.LogUniformValues, config.Parameters[2].Distribution);
        Assert.Equal(1e-5, config.Parameters[2].Min);
        Assert.Equal([3, 9, 27], config.EarlyTerminate!.Brackets);
        Assert.Equal("yes", config.Parameters[3].Values[1]!.GetValue<string>());
    }

    [Fact]
    public void Json_configs_are_accepted_and_min_max_pick_int_or_float_uniform_as_the_clients_do()
    {
        var config = SweepConfig.Parse("""{"method": "random", "parameters": {"layers": {"min": 1, "max": 4}, "lr": {"min": 0.0, "max": 1.0}}}""");

        Assert.Equal(Distribution.IntUniform, config.Parameters[0].Distribution);
        Assert.Equal(Distribution.Uniform, config.Parameters[1].Distribution);
        Assert.Null(config.ExpectedRunCount);
    }

    [Theory]
    [InlineData("method: grid", "parameters must be a non-empty mapping")]
    [InlineData("parameters: {x: {values: [1]}}", "method is required")]
    [InlineData("method: hill\nparameters: {x: {values: [1]}}", "unknown method 'hill'")]
    [InlineData("method: bayes\nparameters: {x: {min: 0.0, max: 1.0}}", "bayes search needs a metric")]
    [InlineData("method: random\nmetric: {name: loss, goal: lower}\nparameters: {x: {values: [1]}}", "metric.goal must be minimize or maximize")]
    [InlineData("method: random\nparameters: {x: {distribution: gamma, min: 0, max: 1}}", "unknown distribution 'gamma'")]
    [InlineData("method: random\nparameters: {x: {min: 2.0, max: 1.0}}", "min must be less than max")]
    [InlineData("method: random\nparameters: {x: {distribution: log_uniform_values, min: 0.0, max: 1.0}}", "min must be positive")]
    [InlineData("method: random\nparameters: {x: {values: [1, 2], probabilities: [0.5, 0.6]}}", "sum to 1")]
    [InlineData("method: random\nparameters: {x: {distribution: normal, sigma: -1}}", "sigma must be positive")]
    [InlineData("method: grid\nparameters: {x: {distribution: uniform, min: 0.0, max: 1.0}}", "a continuous distribution has no grid")]
    [InlineData("method: random\nrun_cap: 0\nparameters: {x: {values: [1]}}", "run_cap must be a whole number")]
    [InlineData("method: random\nearly_terminate: {type: hyperband, min_iter: 3}\nparameters: {x: {values: [1]}}", "early_terminate needs a metric")]
    [InlineData("method: random\nmetric: {name: l}\nearly_terminate: {type: median}\nparameters: {x: {values: [1]}}", "early_terminate.type must be hyperband")]
    [InlineData("method: random\nmetric: {name: l}\nearly_terminate: {type: hyperband, max_iter: 27}\nparameters: {x: {values: [1]}}", "needs s")]
    [InlineData("method: [grid\n", "not valid YAML at line")]
    [InlineData("{\"method\": ", "not valid JSON")]
    [InlineData("- a\n- b\n", "expected a mapping")]
    public void An_invalid_config_is_refused_with_a_message_naming_the_problem(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepConfig.Parse(text));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Unknown_settings_are_reported_as_warnings_not_errors()
    {
        var config = SweepConfig.Parse("method: random\nparameters: {x: {values: [1]}}\nfavourite_colour: blue\n");

        Assert.Equal(["Unknown sweep config setting 'favourite_colour' (ignored)."], config.Warnings);
    }

    [Fact]
    public void The_caps_on_config_size_parameter_count_and_grid_size_answer_cap_exceeded()
    {
        Assert.Throws<CapExceededException>(() => SweepConfig.Parse("method: random\nparameters: {x: {values: [1]}}\n#" + new string('x', 70_000)));

        var many = string.Join(", ", Enumerable.Range(0, 101).Select(i => $"p{i}: {{value: 1}}"));
        Assert.Throws<CapExceededException>(() => SweepConfig.Parse($"method: random\nparameters: {{{many}}}"));

        var wide = string.Join(", ", Enumerable.Range(0, 4).Select(i => $"p{i}: {{distribution: int_uniform, min: 1, max: 100}}"));
        Assert.Throws<CapExceededException>(() => SweepConfig.Parse($"method: grid\nparameters: {{{wide}}}"));
    }

    [Fact]
    public void Expected_run_count_is_the_grid_size_capped_by_run_cap()
    {
        Assert.Equal(6, SweepConfig.Parse("method: grid\nparameters: {a: {values: [1, 2, 3]}, b: {values: [x, y]}}").ExpectedRunCount);
        Assert.Equal(4, SweepConfig.Parse("method: grid\nrun_cap: 4\nparameters: {a: {values: [1, 2, 3]}, b: {values: [x, y]}}").ExpectedRunCount);
        Assert.Equal(7, SweepConfig.Parse("method: random\nrun_cap: 7\nparameters: {a: {values: [1, 2, 3]}}").ExpectedRunCount);
    }
}
