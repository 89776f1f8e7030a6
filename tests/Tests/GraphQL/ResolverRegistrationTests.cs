using System.Reflection;
using GraphQL.Types;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Issue #12 §3: a field is answered by exactly one resolver, or read from a property of the model object its
/// parent returns. A second registration of a field fails at start-up instead of silently replacing the first.
/// </summary>
public sealed class ResolverRegistrationTests
{
    /// <summary>Schema types no resolver produces: their fields exist for validation and introspection only.</summary>
    private static readonly HashSet<string> NeverProduced = new(StringComparer.Ordinal)
    {
        // Lists answered empty: ServerSettings.serverMessages, Artifact.tags and the collections' tags.
        "ServerMessage", "Tag",
        // Answered null: organizations do not exist on this server.
        "Organization", "FeatureFlag",
        // Behind a "not supported" resolver: Run.logLines.
        "LogLine",
    };

    [Fact]
    public void Registering_a_second_resolver_for_a_field_throws_at_schema_build()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Schema.For("type Query { a: Int }", builder =>
            builder.Types.For("Query").Resolve("a", _ => 1).Resolve("a", _ => 2)));

        Assert.Contains("Query.a is registered twice", failure.Message);
    }

    [Fact]
    public void Extending_a_field_without_a_resolver_throws_at_schema_build()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Schema.For("type Query { a: Int }", builder =>
            builder.Types.For("Query").Extend("a", inner => inner)));

        Assert.Contains("Query.a has no resolver to extend", failure.Message);
    }

    [Fact]
    public void Every_schema_field_has_a_resolver_or_is_a_property_of_its_model_object()
    {
        var models = typeof(RunNode).Assembly.GetTypes().Where(t => t.Namespace == typeof(RunNode).Namespace).ToList();
        var missing = new List<string>();
        foreach (var type in GraphQLTestSchema.Schema.AllTypes.OfType<IObjectGraphType>().Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal)))
        {
            if (NeverProduced.Contains(type.Name))
            {
                continue;
            }

            var candidates = ModelsFor(type.Name, models);
            foreach (var field in type.Fields.Where(f => f.Resolver is null))
            {
                if (!candidates.Any(model => model.GetProperty(field.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null))
                {
                    missing.Add($"{type.Name}.{field.Name} (models: {string.Join(", ", candidates.Select(c => c.Name))})");
                }
            }
        }

        Assert.True(missing.Count == 0, "Fields with neither a resolver nor a model property:\n" + string.Join("\n", missing));
    }

    private static List<Type> ModelsFor(string graphType, List<Type> models)
    {
        string[] names = [graphType, graphType + "Node", graphType + "Model", graphType + "Payload"];
        var found = models.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (graphType.EndsWith("Connection", StringComparison.Ordinal))
        {
            found.Add(typeof(Connection<>));
        }

        if (graphType.EndsWith("Edge", StringComparison.Ordinal))
        {
            found.Add(typeof(Edge<>));
        }

        // Payloads and shared shapes are served by a model of another name (e.g. SuccessPayload for StopRunPayload).
        return found.Count > 0 ? found : models;
    }
}
