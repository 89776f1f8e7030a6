using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;
using Orleans.Wandb.Web.Hosting;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Web.Media;

/// <summary>
/// Pages of the tables runs log (<c>wandb.Table</c>), served by the server so that the browser never loads a whole
/// table: <c>GET /api/v1/media/{entity}/{project}/{run}/table?path=</c> for a table among the run's files and
/// <c>GET /api/v1/media/{entity}/{project}/artifacts/{artifactId}/table?path=</c> for a table inside an artifact, with
/// <c>offset</c>, <c>limit</c>, <c>sort</c>, <c>order</c> (<c>asc</c>|<c>desc</c>), <c>filter</c> and <c>column</c>
/// (<see cref="TableQuery"/>). A run's table whose cells hold media is also logged, whole, into an artifact (the
/// clients' <c>run-{id}-{key}</c>); given the value's <c>artifactPath</c> (and the <c>step</c> it was logged at) the
/// page comes from there, so image cells come with their files. The answer: <c>columns</c>, <c>columnTypes</c>, <c>totalRows</c>, <c>matchedRows</c>,
/// <c>offset</c>, <c>rowIndexes</c>, <c>rows</c> and the <c>source</c> the cells' files are read from.
/// </summary>
public static partial class MediaEndpoints
{
    /// <summary>Longest file path inside an artifact a caller may name.</summary>
    private const int MaxArtifactPathLength = 1024;

    private const string ClientArtifactScheme = "wandb-client-artifact://";

    internal static async Task<IResult> RunTableAsync(
        HttpContext context, string entity, string project, string run, string? path, string? artifactPath, long? step, IGrainFactory grains, IFileStore store,
        TableIndexes indexes, ILoggerFactory loggers)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!Names.IsValid(entity) || !Names.IsValid(project) || !Names.IsValid(run) || !RunFileObjects.IsValidPath(path))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{entity}/{project}/{run}/{path}' is not a valid run file path.");
        }

        if (ReadQuery(context.Request.Query, out var query) is { } invalid)
        {
            return invalid;
        }

        if (artifactPath is { Length: > MaxArtifactPathLength })
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"artifactPath is longer than {MaxArtifactPathLength} characters.");
        }

        if (!await grains.Directory().CanReadProjectAsync(user.Id, entity, project))
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"Run file '{entity}/{project}/{run}/{path}' was not found.");
        }

        var objectKey = RunFileObjects.Key(entity, project, run, path!);
        return await ServeTableAsync(context, loggers, objectKey, async () =>
        {
            // The artifact copy when the caller may read it: it holds the cells' media files, the run's copy only their type names.
            if (await ClientArtifactTableAsync(grains, store, user.Id, artifactPath, step, context.RequestAborted) is { } fromArtifact)
            {
                return fromArtifact;
            }

            return await store.GetVersionAsync(objectKey, context.RequestAborted) is { } version
                ? (objectKey, version, new TableSource("run", null, entity, project, run), null)
                : null;
        }, grains, user.Id, store, indexes, query);
    }

    internal static async Task<IResult> ArtifactTableAsync(
        HttpContext context, string entity, string project, string artifactId, string? path, IGrainFactory grains, IFileStore store, TableIndexes indexes,
        ILoggerFactory loggers)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!Names.IsValid(entity) || !Names.IsValid(project) || string.IsNullOrEmpty(path) || path.Length > MaxArtifactPathLength)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"path must name a file of the artifact (at most {MaxArtifactPathLength} characters).");
        }

        if (ReadQuery(context.Request.Query, out var query) is { } invalid)
        {
            return invalid;
        }

        var notFound = WandbErrors.Result(StatusCodes.Status404NotFound, $"Artifact file '{path}' was not found.");
        try
        {
            if (ArtifactNumber(artifactId) is not { } number || await ArtifactFileKeyAsync(grains, user.Id, entity, project, number, path) is not { } objectKey)
            {
                return notFound;
            }

            return await ServeTableAsync(context, loggers, objectKey, async () =>
                await store.GetVersionAsync(objectKey, context.RequestAborted) is { } version
                    ? (objectKey, version, new TableSource("artifact", number, entity, project, null), path)
                    : null, grains, user.Id, store, indexes, query);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable(loggers, $"artifacts/{artifactId}/{path}", e);
        }
    }

    /// <summary>
    /// The store number of an artifact named in a URL by the public id the GraphQL API hands out
    /// (<c>base64("Artifact:&lt;token&gt;")</c>, percent-encoded or not); null for anything else, bare numbers included.
    /// </summary>
    private static long? ArtifactNumber(string artifactId) =>
        artifactId.Length <= 256 && RelayIds.TryDecodeNumber(Uri.UnescapeDataString(artifactId), ArtifactIds.ArtifactType, out var number) ? number : null;

    /// <summary>
    /// The stored object of file <paramref name="path"/> of artifact <paramref name="artifactId"/>, when the artifact
    /// belongs to <paramref name="entity"/>/<paramref name="project"/>, the caller may read that project and the file's
    /// bytes are stored here (not a reference to elsewhere); null otherwise.
    /// </summary>
    private static async Task<string?> ArtifactFileKeyAsync(IGrainFactory grains, long userId, string entity, string project, long artifactId, string path)
    {
        var registry = grains.ArtifactRegistry();
        var version = await registry.GetAsync(artifactId);
        if (version is null || version.Entity != entity || version.Project != project
            || !await grains.Directory().CanReadProjectAsync(userId, entity, project))
        {
            return null;
        }

        var page = await registry.ListFilesAsync(artifactId, [path], null, 1);
        return page.Files.FirstOrDefault(f => f.Path == path) is { Md5Hex: { } md5Hex, Ref: null } ? ArtifactObjects.BlobKey(md5Hex) : null;
    }

    /// <summary>
    /// The artifact copy of a run's table, when it exists and the caller may read it. The value names it as
    /// <c>wandb-client-artifact://{clientId}/{path}</c> (one version) or <c>wandb-client-artifact://{sequenceClientId}:latest/{path}</c>
    /// (the collection <c>run-{run}-{key}</c> the client adds a version to at every step it logs the table): then the
    /// version logged at <paramref name="step"/> (the clients send its history step), or the alias's version.
    /// </summary>
    private static async Task<(string, string, TableSource, string?)?> ClientArtifactTableAsync(
        IGrainFactory grains, IFileStore store, long userId, string? artifactPath, long? step, CancellationToken cancellationToken)
    {
        if (artifactPath is null || !artifactPath.StartsWith(ClientArtifactScheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = artifactPath[ClientArtifactScheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var (clientId, alias) = rest[..slash].Split(':', 2) is [var id, var named] ? (id, named) : (rest[..slash], null);
        var registry = grains.ArtifactRegistry();
        var match = await registry.FindByClientIdAsync(clientId);
        ArtifactVersion? version = null;
        if (match is { IsCollection: false } && alias is null)
        {
            version = await registry.GetAsync(match.Id);
        }
        else if (match is { IsCollection: true } && alias is not null)
        {
            var versions = (await registry.ListVersionsAsync(match.Id)).Where(v => v.State == ArtifactStates.Committed).ToList();
            version = versions.FirstOrDefault(v => step is not null && v.HistoryStep == step)
                ?? versions.FirstOrDefault(v => v.Aliases.Contains(alias) || v.VersionAlias == alias);
        }

        if (version is null
            || await ArtifactFileKeyAsync(grains, userId, version.Entity, version.Project, version.Id, rest[(slash + 1)..]) is not { } objectKey
            || await store.GetVersionAsync(objectKey, cancellationToken) is not { } stored)
        {
            return null;
        }

        return (objectKey, stored, new TableSource("artifact", version.Id, version.Entity, version.Project, null), rest[(slash + 1)..]);
    }

    private static async Task<IResult> ServeTableAsync(
        HttpContext context, ILoggerFactory loggers, string objectKey, Func<Task<(string ObjectKey, string Version, TableSource Source, string? ArtifactPath)?>> locate,
        IGrainFactory grains, long userId, IFileStore store, TableIndexes indexes, TableQuery query)
    {
        try
        {
            if (await locate() is not var (key, version, source, artifactPath))
            {
                return WandbErrors.Result(StatusCodes.Status404NotFound, $"Table '{objectKey}' was not found.");
            }

            Func<CancellationToken, Task<Stream?>> open = cancellationToken => store.OpenReadAsync(key, cancellationToken);
            if (artifactPath is not null && source.ArtifactId is not null && IsComposed(artifactPath))
            {
                // A joined or partitioned table: the page comes from the table made of those it names.
                (version, open) = await ComposedAsync(grains, store, userId, source, artifactPath, key, version, Path.Combine(indexes.Folder, "composing"), context.RequestAborted);
            }

            var page = await indexes.PageAsync(key, version, open, query, context.RequestAborted);

            // The rows are the stored JSON, validated by the reader; the page is bounded by TableQuery.MaxLimit.
            context.Response.Headers.CacheControl = "private, no-cache";
            return Results.Bytes(Write(page, source), "application/json");
        }
        catch (TableQueryException e)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (TableFormatException e)
        {
            return WandbErrors.Result(StatusCodes.Status422UnprocessableEntity, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable(loggers, objectKey, e);
        }
    }

    private static IResult Unavailable(ILoggerFactory loggers, string what, Exception e)
    {
        LogTableFailed(loggers.CreateLogger(typeof(MediaEndpoints)), what, e);
        return ReadFailed(e);
    }

    /// <summary>
    /// The answer to a failure while a media read is served, its input checked already: 503 when storage or the cluster
    /// is briefly unavailable (a retry can fix it), else 500 — what would be a 400 elsewhere (an argument or format
    /// error) is thrown by the server's own code here, which the caller can neither cause nor fix.
    /// </summary>
    private static IResult ReadFailed(Exception e) => FailureStatus.IsTransient(e)
        ? WandbErrors.Result(StatusCodes.Status503ServiceUnavailable, "The server cannot read this right now; retry later.")
        : WandbErrors.Result(StatusCodes.Status500InternalServerError, "Internal server error; the server log has the details.");

    /// <summary>The query's paging, sort and filter, or the 400 that says which is out of its limits.</summary>
    private static IResult? ReadQuery(IQueryCollection values, out TableQuery query)
    {
        query = new TableQuery(0, 50, null, false, null, null);
        static int? Number(string? text) => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        var offset = values["offset"].Count == 0 ? 0 : Number(values["offset"]);
        var limit = values["limit"].Count == 0 ? 50 : Number(values["limit"]);
        if (offset is not (>= 0 and <= TableQuery.MaxOffset))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"offset must be between 0 and {TableQuery.MaxOffset}.");
        }

        if (limit is not (>= 1 and <= TableQuery.MaxLimit))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"limit must be between 1 and {TableQuery.MaxLimit}.");
        }

        var order = values["order"].ToString();
        if (order is not ("" or "asc" or "desc"))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, "order must be asc or desc.");
        }

        string? sort = values["sort"], filter = values["filter"], column = values["column"];
        if (filter?.Length > TableQuery.MaxFilterLength || sort?.Length > TableQuery.MaxFilterLength || column?.Length > TableQuery.MaxFilterLength)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"filter, sort and column are at most {TableQuery.MaxFilterLength} characters.");
        }

        query = new TableQuery(offset.Value, limit.Value, string.IsNullOrEmpty(sort) ? null : sort, order == "desc",
            string.IsNullOrEmpty(filter) ? null : filter, string.IsNullOrEmpty(column) ? null : column);
        return null;
    }

    private static byte[] Write(TablePage page, TableSource source)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("columns");
            page.Columns.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteStartArray("columnTypes");
            page.ColumnTypes.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteNumber("totalRows", page.TotalRows);
            json.WriteNumber("matchedRows", page.MatchedRows);
            json.WriteNumber("offset", page.Offset);
            json.WriteStartArray("rowIndexes");
            page.RowIndexes.ToList().ForEach(json.WriteNumberValue);
            json.WriteEndArray();
            json.WriteStartArray("rows");
            foreach (var row in page.Rows)
            {
                json.WriteRawValue(row, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WriteStartObject("source");
            json.WriteString("kind", source.Kind);
            json.WriteString("entity", source.Entity);
            json.WriteString("project", source.Project);
            if (source.ArtifactId is { } id)
            {
                // The public id, as the GraphQL API hands it out: the number would give the store's sequence away.
                json.WriteString("artifactId", ArtifactIds.Artifact(id));
            }

            if (source.Run is { } run)
            {
                json.WriteString("run", run);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading table {ObjectKey} failed")]
    private static partial void LogTableFailed(ILogger logger, string objectKey, Exception exception);
}
