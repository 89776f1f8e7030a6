using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;

namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// Builds the variables a client would send with a corpus document: values for the things the world holds are chosen
/// by the variable's name (the clients' names are consistent: <c>entityName</c>, <c>artifactID</c>…), other required
/// values from their schema type, and optional variables without a meaning here are left out, as clients do.
/// </summary>
internal static class CorpusVariables
{
    public static JsonObject For(ClientDocument document, CorpusWorld world, ISchema schema)
    {
        var variables = new JsonObject();
        var operation = Parser.Parse(document.Query).Definitions.OfType<GraphQLOperationDefinition>().FirstOrDefault();
        foreach (var definition in operation?.Variables?.Items ?? [])
        {
            var name = definition.Variable.Name.Value.ToString();
            var value = ByName(name, document.Operation, world) is { } known && !IsEnumOrInput(definition.Type, schema)
                ? Fit(known, definition.Type)
                : definition.Type is GraphQLNonNullType && definition.DefaultValue is null ? ByType(definition.Type, world, schema) : null;
            if (value is not null)
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    /// <summary>The value a client sends for a variable or input field of this name, or null when the name says nothing.</summary>
    private static JsonNode? ByName(string name, string operation, CorpusWorld world)
    {
        var key = name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return key switch
        {
            "type" or "charttype" when operation == "CreateCustomChart" => "vega2",
            "access" when operation == "CreateCustomChart" => "PRIVATE",
            "spec" when operation == "CreateCustomChart" => "{\"mark\": \"bar\"}",
            "chartname" => "corpus-chart",
            "artifactsequenceid" or "artifactcollectionid" => world.CollectionId,
            "entity" or "entityname" or "sourceentityname" or "organization" => world.Entity,
            "project" or "projectname" or "model" or "modelname" or "sourceprojectname" => world.Project,
            "run" or "runname" or "runid" or "bucketname" or "bucket" => world.RunName,
            "storageid" or "runstorageid" or "bucketid" => world.RunStorageId,
            "artifactid" or "artifactversionid" or "baseartifactid" => world.ArtifactId,
            "digest" => world.ArtifactDigest,
            "artifactcollectionname" or "artifactsequencename" or "collectionname" or "collection" or "artifactportfolioname"
                or "sequencename" or "portfolioname" => world.Collection,
            "artifactname" or "artifactversionname" => $"{world.Collection}:latest",
            "type" or "typename" or "artifacttypename" or "artifacttype" => world.ArtifactType,
            "alias" or "aliasname" => "latest",
            "filenames" or "names" => new JsonArray(world.FileName),
            "filename" or "path" => world.FileName,
            "name" => NameFor(operation, world),
            "id" => operation.Contains("Run", StringComparison.Ordinal) && !operation.Contains("Artifact", StringComparison.Ordinal)
                ? world.RunStorageId
                : world.ArtifactId,
            "metricname" => "_step",
            "first" or "perpage" or "limit" or "samples" => 10,
            _ => null,
        };
    }

    private static string NameFor(string operation, CorpusWorld world) => operation switch
    {
        "UpdateArtifactSequenceInput" or "UpdateArtifactPortfolioInput" => world.Collection,
        _ when operation.Contains("Project", StringComparison.Ordinal) || operation.Contains("Model", StringComparison.Ordinal) => world.Project,
        _ when operation.Contains("ArtifactType", StringComparison.Ordinal) => world.ArtifactType,
        _ when operation.Contains("Artifact", StringComparison.Ordinal) => $"{world.Collection}:latest",
        _ => world.RunName,
    };

    /// <summary>An enum or input object variable is built from its type (a <c>$type: ArtifactManifestType</c> is not a type name).</summary>
    private static bool IsEnumOrInput(GraphQLType type, ISchema schema) => type switch
    {
        GraphQLNonNullType nonNull => IsEnumOrInput(nonNull.Type, schema),
        GraphQLListType list => IsEnumOrInput(list.Type, schema),
        GraphQLNamedType named => schema.AllTypes[named.Name.Value.ToString()] is EnumerationGraphType or IInputObjectGraphType,
        _ => false,
    };

    /// <summary>Wraps a scalar into a list when the variable is a list (the clients send <c>[name]</c>).</summary>
    private static JsonNode Fit(JsonNode value, GraphQLType type)
    {
        var inner = type is GraphQLNonNullType nonNull ? nonNull.Type : type;
        return inner is GraphQLListType && value is not JsonArray ? new JsonArray(value) : value;
    }

    private static JsonNode? ByType(GraphQLType type, CorpusWorld world, ISchema schema) => type switch
    {
        GraphQLNonNullType nonNull => ByType(nonNull.Type, world, schema),
        GraphQLListType => new JsonArray(),
        GraphQLNamedType named => ByTypeName(named.Name.Value.ToString(), world, schema),
        _ => null,
    };

    private static JsonNode? ByTypeName(string typeName, CorpusWorld world, ISchema schema) => typeName switch
    {
        "String" or "ID" => "corpus",
        "Int" or "Int64" => 1,
        "Float" => 1.0,
        "Boolean" => false,
        "JSONString" => "{}",
        "JSON" => new JsonObject(),
        "DateTime" => "2026-01-01T00:00:00Z",
        _ => schema.AllTypes[typeName] switch
        {
            EnumerationGraphType enumeration => enumeration.Values.First().Name,
            IInputObjectGraphType input => InputObject(input, world, schema),
            _ => "corpus",
        },
    };

    private static JsonObject InputObject(IInputObjectGraphType input, CorpusWorld world, ISchema schema)
    {
        var value = new JsonObject();
        foreach (var field in input.Fields)
        {
            if (ByName(field.Name, input.Name, world) is { } known)
            {
                value[field.Name] = field.ResolvedType is NonNullGraphType { ResolvedType: ListGraphType } or ListGraphType && known is not JsonArray
                    ? new JsonArray(known)
                    : known;
            }
            else if (field.ResolvedType is NonNullGraphType required && field.DefaultValue is null)
            {
                value[field.Name] = required.ResolvedType switch
                {
                    ListGraphType => new JsonArray(),
                    { } inner => ByTypeName(inner.Name, world, schema),
                    _ => null,
                };
            }
        }

        return value;
    }
}
