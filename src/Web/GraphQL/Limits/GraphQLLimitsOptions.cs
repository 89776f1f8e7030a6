namespace Orleans.Wandb.Web.GraphQL.Limits;

/// <summary>
/// How much work one GraphQL document may ask for, checked on the parsed document before the standard validation
/// rules and execution run (some of those rules are exponential in fragment nesting). Bound from "GraphQL:Limits".
/// </summary>
/// <remarks>
/// The defaults sit far above what the official clients send. Measured maximums per operation over 826 documents
/// (<c>scripts/measure-client-graphql.py</c>: the 181 recorded requests, the Python <c>gql</c> documents of wandb
/// v0.16.6, v0.22.3, v0.25.1 and v0.28.2, and the Go core's genqlient documents under <c>core/</c> of the last
/// three): 70 fields after expanding fragments (v0.28.2 wandb/sdk/artifacts/_generated/operations.py), depth 11,
/// 14 fragment spreads after expansion (v0.28.2 wandb/automations/_generated/operations.py), 6 directives, 15
/// definitions in one document. <c>DocumentLimitsTests</c> keeps the recorded and reference documents within them.
/// </remarks>
public sealed class GraphQLLimitsOptions
{
    public const string SectionName = "GraphQL:Limits";

    /// <summary>Fields selected in one operation once every fragment spread is expanded. Default 5,000.</summary>
    public int MaxFields { get; set; } = 5_000;

    /// <summary>Nesting of selection sets, fragments expanded. Default 25.</summary>
    public int MaxDepth { get; set; } = 25;

    /// <summary>Fragment spreads once expanded (a fragment spread twice counts twice). Default 1,000.</summary>
    public int MaxFragmentSpreads { get; set; } = 1_000;

    /// <summary>Directives in the document once fragments are expanded. Default 200.</summary>
    public int MaxDirectives { get; set; } = 200;

    /// <summary>Operations and fragments defined in one document. Default 500.</summary>
    public int MaxDefinitions { get; set; } = 500;
}
