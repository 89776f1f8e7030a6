using GraphQL.Types;

namespace Orleans.Wandb.Web.GraphQL.Scalars;

/// <summary>
/// W&amp;B's <c>JSON</c>: any JSON value embedded in the response (not a string), e.g. <c>cliVersionInfo</c>,
/// <c>historyKeys</c>, <c>sampledHistory</c>. Inputs arrive as dictionaries and lists.
/// </summary>
public sealed class JsonGraphType : ComplexScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
    }
}
