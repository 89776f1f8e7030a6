using GraphQL.Types;
using Orleans.Wandb.Web.GraphQL.Resolvers;
using Orleans.Wandb.Web.GraphQL.Scalars;

namespace Orleans.Wandb.Web.GraphQL;

/// <summary>
/// Builds the W&amp;B schema: the SDL embedded next to this file (W&amp;B's exact names), the custom scalars under
/// their W&amp;B names, and one resolver class per area. Built once and shared; it is immutable after initialization.
/// </summary>
public static class WandbSchema
{
    private const string ResourceName = "Orleans.Wandb.Web.GraphQL.schema.graphql";

    /// <summary>The schema's SDL text.</summary>
    public static string Sdl { get; } = ReadSdl();

    /// <summary>Creates and initializes the schema.</summary>
    public static ISchema Create()
    {
        var schema = Schema.For(Sdl, builder =>
        {
            ViewerResolvers.Register(builder.Types);
            ServerResolvers.Register(builder.Types);
            ProjectResolvers.Register(builder.Types);
            RunResolvers.Register(builder.Types);
            RunHistoryResolvers.Register(builder.Types);
            RunFileResolvers.Register(builder.Types);
            RunMutationResolvers.Register(builder.Types);
            SweepResolvers.Register(builder.Types);
            TeamResolvers.Register(builder.Types);
            ArtifactResolvers.Register(builder.Types);
            ArtifactCollectionResolvers.Register(builder.Types);
            ArtifactMutationResolvers.Register(builder.Types);
            ViewResolvers.Register(builder.Types);
            CustomChartResolvers.Register(builder.Types);
            ArtifactCollectionMutationResolvers.Register(builder.Types);
            ArtifactLinkResolvers.Register(builder.Types);
            AlertResolvers.Register(builder.Types);
        });

        // Registered as instances before initialization, so they replace GraphQL.NET's built-in "DateTime" and
        // fill the scalar names the SDL declares.
        schema.RegisterType(new JsonStringGraphType());
        schema.RegisterType(new JsonGraphType());
        schema.RegisterType(new Int64GraphType());
        schema.RegisterType(new WireDateTimeGraphType());
        schema.RegisterType(new DurationGraphType());
        schema.Initialize();
        return schema;
    }

    private static string ReadSdl()
    {
        using var stream = typeof(WandbSchema).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
