using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>Short forms for attaching resolvers to the schema-first types.</summary>
internal static class TypeConfigExtensions
{
    /// <summary>A field computed synchronously from its source object.</summary>
    public static TypeConfig Resolve<TSource>(this TypeConfig type, string field, Func<TSource, object?> resolve)
    {
        type.FieldFor(field).Resolver =
            new FuncFieldResolver<object>((Func<IResolveFieldContext, object?>)(context => resolve((TSource)context.Source!)));
        return type;
    }

    /// <summary>A field computed synchronously from the resolve context.</summary>
    public static TypeConfig Resolve(this TypeConfig type, string field, Func<IResolveFieldContext, object?> resolve)
    {
        type.FieldFor(field).Resolver = new FuncFieldResolver<object>(resolve);
        return type;
    }

    /// <summary>A field computed asynchronously from its source object and the context.</summary>
    public static TypeConfig ResolveAsync<TSource>(this TypeConfig type, string field, Func<TSource, IResolveFieldContext, Task<object?>> resolve)
    {
        type.FieldFor(field).Resolver = new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, ValueTask<object?>>)(context => new ValueTask<object?>(resolve((TSource)context.Source!, context))));
        return type;
    }

    /// <summary>A root field computed asynchronously from the context.</summary>
    public static TypeConfig ResolveAsync(this TypeConfig type, string field, Func<IResolveFieldContext, Task<object?>> resolve)
    {
        type.FieldFor(field).Resolver = new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, ValueTask<object?>>)(context => new ValueTask<object?>(resolve(context))));
        return type;
    }

    /// <summary>A field that answers "not supported yet" (its type is in the schema for probes and validation).</summary>
    public static TypeConfig NotSupported(this TypeConfig type, string field, string what)
    {
        type.FieldFor(field).Resolver = new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, object?>)(_ => throw WandbRequestError.NotSupported(what)));
        return type;
    }
}
