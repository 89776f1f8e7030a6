using GraphQL;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>Typed access to the request context and arguments from inside resolvers.</summary>
internal static class ResolveContextExtensions
{
    private static readonly IDictionary<string, object?> NoInput = new Dictionary<string, object?>();

    public static WandbGraphQLContext Wandb(this IResolveFieldContext context) =>
        context.UserContext as WandbGraphQLContext
        ?? throw new InvalidOperationException("GraphQL request executed without a WandbGraphQLContext.");

    /// <summary>An argument's parsed value (input objects are dictionaries, lists are lists), or null.</summary>
    public static object? Argument(this IResolveFieldContext context, string name) =>
        context.Arguments is { } arguments && arguments.TryGetValue(name, out var value) ? value.Value : null;

    public static string? StringArgument(this IResolveFieldContext context, string name) =>
        context.Argument(name) as string;

    public static int? IntArgument(this IResolveFieldContext context, string name) => context.Argument(name) switch
    {
        int n => n,
        long n => (int)Math.Clamp(n, int.MinValue, int.MaxValue),
        _ => null,
    };

    public static long? LongArgument(this IResolveFieldContext context, string name) => context.Argument(name) switch
    {
        int n => n,
        long n => n,
        _ => null,
    };

    public static bool? BoolArgument(this IResolveFieldContext context, string name) =>
        context.Argument(name) as bool?;

    /// <summary>A list-of-strings argument; nulls inside the list are dropped; null when the argument is absent.</summary>
    public static IReadOnlyList<string>? StringListArgument(this IResolveFieldContext context, string name) =>
        ToStrings(context.Argument(name));

    /// <summary>The <c>input</c> argument of a mutation as a dictionary (an absent input is an empty one).</summary>
    public static IDictionary<string, object?> Input(this IResolveFieldContext context) =>
        context.Argument("input") as IDictionary<string, object?> ?? NoInput;

    public static string? String(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? value as string : null;

    public static bool? Bool(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? value as bool? : null;

    public static IReadOnlyList<string>? Strings(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? ToStrings(value) : null;

    private static List<string>? ToStrings(object? value) =>
        value is System.Collections.IEnumerable items and not string
            ? items.Cast<object?>().OfType<string>().ToList()
            : null;
}
