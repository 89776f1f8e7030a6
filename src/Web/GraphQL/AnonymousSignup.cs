using GraphQL.Transport;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.GraphQL;

/// <summary>
/// The one GraphQL request served without an API key: <c>mutation { createAnonymousEntity(input: {}) { apiKey { name } } }</c>,
/// which <c>wandb.login(anonymous="must")</c> sends before it has a key (wandb v0.22.3
/// <c>wandb/sdk/lib/apikey.py:prompt_api_key</c>). Only a document whose chosen operation is a mutation selecting that
/// field alone qualifies; it runs as <see cref="Caller"/>, a nobody whom every access check refuses, and whether an
/// account is made is the accounts grain's decision (docs/protocol/auth.md#anonymous-accounts).
/// </summary>
public static class AnonymousSignup
{
    /// <summary>The mutation field W&amp;B names it by.</summary>
    public const string Field = "createAnonymousEntity";

    /// <summary>Who the request runs as: no user id, no entity, deactivated, so it may read or write nothing.</summary>
    public static UserIdentity Caller { get; } = new(0, "", "", Admin: false, Entity: "", Deactivated: true);

    /// <summary>True when <paramref name="request"/> asks for an anonymous account and nothing else.</summary>
    public static bool IsOnly(GraphQLRequest request)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(request.Query!);
        }
        catch (GraphQLParserException)
        {
            return false;
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = string.IsNullOrEmpty(request.OperationName)
            ? operations.Count == 1 ? operations[0] : null
            : operations.SingleOrDefault(o => o.Name?.StringValue == request.OperationName);
        return operation is { Operation: OperationType.Mutation, SelectionSet.Selections: [GraphQLField { Name.StringValue: Field }] };
    }
}
