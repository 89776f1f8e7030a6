using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Web.GraphQL.Limits;

/// <summary>
/// Parses a GraphQL document and refuses it, before the standard validation rules see it, when it asks for more
/// work than <see cref="GraphQLLimitsOptions"/> allows. Those rules (overlapping fields, unique directives) and
/// execution both grow with the expanded document, so the only safe place to bound it is ahead of them.
/// </summary>
public sealed class DocumentLimits(IOptions<GraphQLLimitsOptions> options)
{
    /// <summary>The parsed document, or null with the reason it is refused; a syntax error is left to the executer.</summary>
    public (GraphQLDocument? Document, string? Refusal) Check(string query)
    {
        var limits = options.Value;
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.All, MaxDepth = ParserMaxDepth(limits) });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return (null, $"The query is nested deeper than {limits.MaxDepth} levels.");
        }
        catch (GraphQLSyntaxErrorException)
        {
            return (null, null);
        }

        // Counted before measuring: measuring recurses through fragment spreads, one frame per fragment.
        if (document.Definitions.Count > limits.MaxDefinitions)
        {
            return (null, $"The query defines {document.Definitions.Count} operations and fragments; at most {limits.MaxDefinitions} are allowed.");
        }

        var cost = DocumentCost.Of(document);
        var refusal = cost switch
        {
            _ when cost.Depth > limits.MaxDepth => $"The query is nested {cost.Depth} levels deep; at most {limits.MaxDepth} are allowed.",
            _ when cost.FragmentSpreads > limits.MaxFragmentSpreads =>
                $"The query expands to {Describe(cost.FragmentSpreads)} fragment spreads; at most {limits.MaxFragmentSpreads} are allowed.",
            _ when cost.Fields > limits.MaxFields => $"The query selects {Describe(cost.Fields)} fields once fragments are expanded; at most {limits.MaxFields} are allowed.",
            _ when cost.Directives > limits.MaxDirectives => $"The query uses {Describe(cost.Directives)} directives; at most {limits.MaxDirectives} are allowed.",
            _ => null,
        };
        return refusal is null ? (document, null) : (null, refusal);
    }

    /// <summary>
    /// The parser's own recursion bound, in AST nodes: a selection level costs a few nodes (field, selection set,
    /// arguments, values), so four per level leaves room for argument values while stopping absurd nesting early.
    /// </summary>
    private static int ParserMaxDepth(GraphQLLimitsOptions limits) => Math.Max(64, limits.MaxDepth * 4);

    private static string Describe(long count) => count >= 1L << 50 ? "more than 10^15" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
