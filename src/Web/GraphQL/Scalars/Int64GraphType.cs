using GraphQL.Types;

namespace Orleans.Wandb.Web.GraphQL.Scalars;

/// <summary>W&amp;B's <c>Int64</c>: a JSON number that may exceed 2^31 (steps, sizes, TTLs).</summary>
public sealed class Int64GraphType : LongGraphType
{
    public Int64GraphType()
    {
        Name = "Int64";
    }
}
