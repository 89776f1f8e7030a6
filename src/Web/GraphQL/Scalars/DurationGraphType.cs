using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Orleans.Wandb.Web.GraphQL.Scalars;

/// <summary>W&amp;B's <c>Duration</c>: a number of seconds (<c>notifyScriptableRunAlert(waitDuration:)</c>).</summary>
public sealed class DurationGraphType : ScalarGraphType
{
    public DurationGraphType()
    {
        Name = "Duration";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        TimeSpan span => span.TotalSeconds,
        _ => ParseValue(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        int n => (double)n,
        long n => (double)n,
        double n => n,
        decimal n => (double)n,
        float n => (double)n,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLIntValue n => double.Parse(n.Value, CultureInfo.InvariantCulture),
        GraphQLFloatValue n => double.Parse(n.Value, CultureInfo.InvariantCulture),
        _ => ThrowLiteralConversionError(value),
    };
}
