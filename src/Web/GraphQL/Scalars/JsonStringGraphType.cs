using GraphQL.Types;

namespace Orleans.Wandb.Web.GraphQL.Scalars;

/// <summary>
/// W&amp;B's <c>JSONString</c>: a JSON string whose content is JSON text, in both directions (config, summary,
/// flags, filters). Plain string semantics; the content is stored and returned verbatim, NaN tokens included.
/// </summary>
public sealed class JsonStringGraphType : StringGraphType
{
    public JsonStringGraphType()
    {
        Name = "JSONString";
    }
}
