using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// What every resolver of one request needs: the caller, the grains and the URL builders. Passed as GraphQL.NET's
/// user context (which must be a dictionary), so resolvers stay static and free of service lookups.
/// </summary>
public sealed class WandbGraphQLContext(
    HttpContext http,
    UserIdentity user,
    IGrainFactory grains,
    RunFileUrls fileUrls,
    ArtifactUrls artifactUrls,
    PublicUrls publicUrls,
    ILogger logger) : Dictionary<string, object?>
{
    // One request asks about the same project many times (every node of a listing); ask the directory once.
    private readonly ConcurrentDictionary<(string Entity, string Project), Task<AccessLevel>> _levels = new();

    public HttpContext Http { get; } = http;

    public UserIdentity User { get; } = user;

    public IGrainFactory Grains { get; } = grains;

    public RunFileUrls FileUrls { get; } = fileUrls;

    public ArtifactUrls ArtifactUrls { get; } = artifactUrls;

    public PublicUrls PublicUrls { get; } = publicUrls;

    public ILogger Logger { get; } = logger;

    public IDirectoryGrain Directory => Grains.Directory();

    /// <summary>The caller's level in the project, by the one authorization rule (docs/architecture.md, "Authorization").</summary>
    public Task<AccessLevel> AccessAsync(string entity, string project) =>
        _levels.GetOrAdd((entity, project), key => Directory.GetProjectAccessAsync(User.Id, key.Entity, key.Project).AsTask());

    /// <summary>True when the caller may read the project.</summary>
    public async Task<bool> CanReadAsync(string entity, string project) => await AccessAsync(entity, project) >= AccessLevel.Read;

    /// <summary>True when the caller may write to the project.</summary>
    public async Task<bool> CanWriteAsync(string entity, string project) => await AccessAsync(entity, project) >= AccessLevel.Write;
}
