using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Files that clients upload straight to the blob store (<see cref="IDirectTransfer"/>): no silo sees such a PUT land, so
/// the run reconciles its file list with the store's listing of its prefix when the client reports uploads (file_stream's
/// <c>uploaded</c>). One grain call from the web layer; reads of the run's files never write.
/// </summary>
internal sealed partial class RunGrain
{
    /// <inheritdoc />
    public async Task RegisterDirectUploadsAsync()
    {
        if (ServiceProvider.GetService<IDirectTransfer>() is not { } direct)
        {
            return;
        }

        var known = new Dictionary<string, RunFileInfo>(StringComparer.Ordinal);
        foreach (var file in await GetFilesAsync())
        {
            known[file.Name] = file;
        }

        await foreach (var stored in direct.ListAsync(RunFileObjects.RunPrefix(_entity, _project, _name), CancellationToken.None))
        {
            if (!RunFileObjects.TryParse(stored.ObjectKey, out var runFile)
                || (known.TryGetValue(runFile.Path, out var file) && file.SizeBytes == stored.SizeBytes && file.Md5Base64 == stored.Md5Base64))
            {
                continue;
            }

            // New or changed: the listed MD5 may be the one the uploader declared, so the bytes are hashed before it is recorded.
            if (await direct.CheckAsync(stored.ObjectKey, CancellationToken.None) is not { } @checked)
            {
                continue;
            }

            await RegisterFileAsync(new RunFileInfo(
                runFile.Path, @checked.SizeBytes, @checked.Md5Base64, FileTypes.ContentTypeOf(runFile.Path), clock.GetUtcNow()));
        }
    }
}
