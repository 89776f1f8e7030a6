using GraphQLParser.AST;

namespace Orleans.Wandb.Web.GraphQL.Limits;

/// <summary>
/// What one operation of a parsed document asks for once its fragments are expanded: fields, depth, fragment
/// spreads and directives. Each fragment is measured once and its cost reused at every spread, so measuring is
/// linear in the document's size even when the expansion is exponential (a fragment that spreads the previous one
/// twice, thirty times over, expands to 2^30 fields). Sums saturate instead of overflowing.
/// </summary>
public readonly record struct DocumentCost(long Fields, int Depth, long FragmentSpreads, long Directives)
{
    private const long Saturated = 1L << 50;

    /// <summary>The largest cost of any operation in <paramref name="document"/>.</summary>
    public static DocumentCost Of(GraphQLDocument document)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        var measure = new Measure(fragments);
        var worst = default(DocumentCost);
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var cost = measure.SelectionSet(operation.SelectionSet).Plus(new DocumentCost(0, 0, 0, Count(operation.Directives)));
            worst = new DocumentCost(
                Math.Max(worst.Fields, cost.Fields),
                Math.Max(worst.Depth, cost.Depth),
                Math.Max(worst.FragmentSpreads, cost.FragmentSpreads),
                Math.Max(worst.Directives, cost.Directives));
        }

        return worst;
    }

    private DocumentCost Plus(DocumentCost other) => new(
        Add(Fields, other.Fields), Math.Max(Depth, other.Depth), Add(FragmentSpreads, other.FragmentSpreads), Add(Directives, other.Directives));

    private static long Add(long a, long b) => Math.Min(a + b, Saturated);

    private static int Count(GraphQLDirectives? directives) => directives?.Count ?? 0;

    /// <summary>One walk over a document, with each fragment's cost remembered after its first spread.</summary>
    private sealed class Measure(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        private readonly Dictionary<string, DocumentCost> _known = new(StringComparer.Ordinal);
        private readonly HashSet<string> _entered = new(StringComparer.Ordinal);

        public DocumentCost SelectionSet(GraphQLSelectionSet? selectionSet)
        {
            if (selectionSet is null)
            {
                return default;
            }

            var total = default(DocumentCost);
            foreach (var selection in selectionSet.Selections)
            {
                total = total.Plus(selection switch
                {
                    GraphQLField field => Nested(field.SelectionSet).Plus(new DocumentCost(1, 1, 0, Count(field.Directives))),
                    GraphQLInlineFragment inline => SelectionSet(inline.SelectionSet).Plus(new DocumentCost(0, 0, 0, Count(inline.Directives))),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue)
                        .Plus(new DocumentCost(0, 0, 1, Count(spread.Directives))),
                    _ => default,
                });
            }

            return total;
        }

        private DocumentCost Nested(GraphQLSelectionSet? selectionSet)
        {
            var inner = SelectionSet(selectionSet);
            return inner with { Depth = selectionSet is null ? 0 : inner.Depth + 1 };
        }

        private DocumentCost Fragment(string name)
        {
            if (_known.TryGetValue(name, out var known))
            {
                return known;
            }

            // An unknown fragment or a cycle costs nothing here: the standard rules reject both with a clear error.
            if (!fragments.TryGetValue(name, out var fragment) || !_entered.Add(name))
            {
                return default;
            }

            var cost = SelectionSet(fragment.SelectionSet).Plus(new DocumentCost(0, 0, 0, Count(fragment.Directives)));
            _entered.Remove(name);
            _known[name] = cost;
            return cost;
        }
    }
}
