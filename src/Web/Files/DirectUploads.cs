using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// Registers files that clients uploaded straight to the store (<see cref="IDirectTransfer"/>). No silo sees such a
/// PUT land, so a run's files are reconciled with the store's listing whenever the client reports uploads
/// (file_stream's <c>uploaded</c> list) and before every read of the run's files, which makes the listing correct
/// whatever the client reported. Without a direct store (embedded) files register on their PUT and this does nothing.
/// </summary>
public sealed class DirectUploads(TimeProvider time, IDirectTransfer? direct = null)
{
    /// <summary>Registers every object under the run's prefix whose size or MD5 differs from the run's file list.</summary>
    public async Task RegisterAsync(IGrainFactory grains, string entity, string project, string run, CancellationToken cancellationToken)
    {
        if (direct is null)
        {
            return;
        }

        var grain = grains.GetGrain<IRunGrain>(RunKey.From(entity, project, run));
        var known = new Dictionary<string, RunFileInfo>(StringComparer.Ordinal);
        foreach (var file in await grain.GetFilesAsync())
        {
            known[file.Name] = file;
        }

        await foreach (var stored in direct.ListAsync(RunFileObjects.RunPrefix(entity, project, run), cancellationToken))
        {
            if (!RunFileObjects.TryParse(stored.ObjectKey, out var runFile)
                || (known.TryGetValue(runFile.Path, out var file) && file.SizeBytes == stored.SizeBytes && file.Md5Base64 == stored.Md5Base64))
            {
                continue;
            }

            await grain.RegisterFileAsync(new RunFileInfo(
                runFile.Path, stored.SizeBytes, stored.Md5Base64, StorageEndpoints.ContentTypeOf(runFile.Path), time.GetUtcNow()));
        }
    }
}
