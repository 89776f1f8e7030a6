using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// The one check every signed storage URL passes before bytes move: the signature is genuine and unexpired for this
/// operation and object, a run file's key lies in the project the URL was granted for, and the user it was handed to
/// may still read (download) or write (upload) that project. The last is the directory's cached access lookup, so a
/// URL stops working within the directory's cache window once its user loses access.
/// </summary>
public static class SignedUrlAccess
{
    /// <summary>The grant when the URL may be used now, else null.</summary>
    public static async Task<UrlGrant?> CheckAsync(
        HttpContext context, StorageOperation operation, string objectKey, UrlSigner signer, IGrainFactory grains)
    {
        if (signer.Verify(operation, objectKey, context.Request.Query) is not { } grant)
        {
            return null;
        }

        if (RunFileObjects.TryParse(objectKey, out var runFile) && (runFile.Entity != grant.Entity || runFile.Project != grant.Project))
        {
            return null;
        }

        var directory = grains.GetGrain<IDirectoryGrain>(0);
        var allowed = operation == StorageOperation.Put
            ? await directory.CanWriteProjectAsync(grant.UserId, grant.Entity, grant.Project)
            : await directory.CanReadProjectAsync(grant.UserId, grant.Entity, grant.Project);
        return allowed ? grant : null;
    }

    /// <summary>The refusal of a URL that is not (or no longer) valid: 403 with a message that says what to do.</summary>
    public static IResult Refusal(StorageOperation operation) =>
        WandbErrors.Result(
            StatusCodes.Status403Forbidden,
            operation == StorageOperation.Put
                ? "The upload URL is not valid, has expired, or its user may no longer write this project; ask for a new one."
                : "The download URL is not valid, has expired, or its user may no longer read this project; ask for a new one.");
}
