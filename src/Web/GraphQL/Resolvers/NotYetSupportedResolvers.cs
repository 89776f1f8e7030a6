using GraphQL.Utilities;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Entry points of features that are later issues: sweeps. Their types
/// are in the schema because introspection probes and document validation depend on them; calling them answers a
/// clear GraphQL error instead of invented data.
/// </summary>
internal static class NotYetSupportedResolvers
{
    private const string Sweeps = "Sweeps";

    public static void Register(TypeSettings types)
    {
        types.For("Project").NotSupported("sweep", Sweeps);

        var mutation = types.For("Mutation");
        foreach (var field in new[] { "upsertSweep", "createAgent", "agentHeartbeat" })
        {
            mutation.NotSupported(field, Sweeps);
        }
    }
}
