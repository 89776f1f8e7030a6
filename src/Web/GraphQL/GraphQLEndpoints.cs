using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Limits;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.GraphQL;

/// <summary>The W&amp;B GraphQL endpoint: <c>POST /graphql</c> (and <c>GET</c> with a query string).</summary>
public static class GraphQLEndpoints
{
    /// <summary>Registers the schema, the executor, its document cache and the URL helpers it uses.</summary>
    public static IServiceCollection AddWandbGraphQL(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UrlSigner>();
        services.TryAddSingleton<PublicUrls>();
        services.TryAddSingleton<RunFileUrls>();
        services.TryAddSingleton<ArtifactUrls>();
        services.TryAddSingleton(new DocumentCache());
        services.AddOptions<GraphQLLimitsOptions>().BindConfiguration(GraphQLLimitsOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<DocumentLimits>();
        services.TryAddSingleton(_ => WandbSchema.Create());
        services.TryAddSingleton(provider => new WandbGraphQLExecutor(
            provider.GetRequiredService<global::GraphQL.Types.ISchema>(),
            provider.GetRequiredService<DocumentCache>(),
            provider.GetRequiredService<DocumentLimits>(),
            provider.GetRequiredService<ILogger<WandbGraphQLExecutor>>()));
        services.TryAddSingleton<GraphQLHttpHandler>();
        return services;
    }

    /// <summary>Maps <c>/graphql</c>. Call <see cref="AddWandbGraphQL"/> first.</summary>
    public static IEndpointRouteBuilder MapWandbGraphQL(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/graphql", (HttpContext context, GraphQLHttpHandler handler) => handler.HandleAsync(context))
            .WithName("GraphQL")
            .DisableAntiforgery();
        endpoints.MapGet("/graphql", (HttpContext context, GraphQLHttpHandler handler) => handler.HandleAsync(context))
            .WithName("GraphQLGet");
        return endpoints;
    }
}
