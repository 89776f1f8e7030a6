using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Orleans.Wandb.Web.GraphQL.Scalars;

/// <summary>
/// W&amp;B's <c>DateTime</c>: an ISO-8601 string in UTC without a zone suffix (<c>2026-11-26T06:15:11</c>),
/// the form the Python clients parse. GraphQL.NET's built-in DateTime appends offsets and is replaced.
/// </summary>
public sealed class WireDateTimeGraphType : ScalarGraphType
{
    private const string WireFormat = "yyyy-MM-ddTHH:mm:ss";

    public WireDateTimeGraphType()
    {
        Name = "DateTime";
    }

    /// <summary>The wire form of a point in time.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset offset => Format(offset),
        DateTime time => Format(new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind))),
        string text => text,
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => (string)text.Value,
        _ => ThrowLiteralConversionError(value),
    };
}
