namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>The distributions a sweep parameter may follow, named as in W&amp;B's sweep configuration.</summary>
internal enum Distribution
{
    Constant,
    Categorical,
    IntUniform,
    Uniform,
    QUniform,
    LogUniform,
    LogUniformValues,
    QLogUniform,
    QLogUniformValues,
    InvLogUniform,
    InvLogUniformValues,
    Normal,
    QNormal,
    LogNormal,
    QLogNormal,
    Beta,
    QBeta,
}
