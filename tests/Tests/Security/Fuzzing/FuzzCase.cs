namespace Orleans.Wandb.Tests.Security.Fuzzing;

/// <summary>
/// One malformed file_stream request: its body bytes, whether it is labelled gzip, whether it comes as a shared-mode
/// writer, and what was done to make it malformed (printed when the server answers it wrongly).
/// </summary>
public sealed record FuzzCase(string Description, byte[] Body, bool GzipLabel = false, string? WriterId = null)
{
    public override string ToString() => Description;
}
