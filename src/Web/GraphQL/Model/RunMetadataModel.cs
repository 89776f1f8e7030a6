namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>RunInfo</c> (New's <c>run.metadata</c>): what the server knows of the run's program and code.
/// Fields the server does not record (os, python, gpus...) are null rather than guessed.
/// </summary>
public sealed record RunMetadataModel(string? Program, GitInfoModel? Git)
{
    public IReadOnlyList<string>? Args => null;

    public string? Os => null;

    public string? Python => null;

    public string? Colab => null;

    public string? Executable => null;

    public bool? CodeSaved => null;

    public int? CpuCount => null;

    public int? GpuCount => null;

    public string? Gpu => null;
}
