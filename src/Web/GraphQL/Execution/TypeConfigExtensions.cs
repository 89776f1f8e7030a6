using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// Short forms for attaching resolvers to the schema-first types. Each field gets one resolver: a second
/// registration throws at start-up (the last one used to win silently, hiding a "not supported" behind a working
/// resolver or the reverse). <see cref="Extend"/> is the one explicit way to build on a resolver already there.
/// </summary>
internal static class TypeConfigExtensions
{
    /// <summary>A field computed synchronously from its source object.</summary>
    public static TypeConfig Resolve<TSource>(this TypeConfig type, string field, Func<TSource, object?> resolve)
    {
        type.Assign(field, new FuncFieldResolver<object>((Func<IResolveFieldContext, object?>)(context => resolve((TSource)context.Source!))));
        return type;
    }

    /// <summary>A field computed synchronously from the resolve context.</summary>
    public static TypeConfig Resolve(this TypeConfig type, string field, Func<IResolveFieldContext, object?> resolve)
    {
        type.Assign(field, new FuncFieldResolver<object>(resolve));
        return type;
    }

    /// <summary>A field computed asynchronously from its source object and the context.</summary>
    public static TypeConfig ResolveAsync<TSource>(this TypeConfig type, string field, Func<TSource, IResolveFieldContext, Task<object?>> resolve)
    {
        type.Assign(field, new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, ValueTask<object?>>)(context => new ValueTask<object?>(resolve((TSource)context.Source!, context)))));
        return type;
    }

    /// <summary>A root field computed asynchronously from the context.</summary>
    public static TypeConfig ResolveAsync(this TypeConfig type, string field, Func<IResolveFieldContext, Task<object?>> resolve)
    {
        type.Assign(field, new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, ValueTask<object?>>)(context => new ValueTask<object?>(resolve(context)))));
        return type;
    }

    /// <summary>A field that answers "not supported yet" (its type is in the schema for probes and validation).</summary>
    public static TypeConfig NotSupported(this TypeConfig type, string field, string what)
    {
        type.Assign(field, new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, object?>)(_ => throw WandbRequestError.NotSupported(what))));
        return type;
    }

    /// <summary>
    /// Wraps the resolver a field already has (registered by another area for other source objects): the one
    /// sanctioned second touch of a field, and it fails when there is nothing to wrap.
    /// </summary>
    public static TypeConfig Extend(this TypeConfig type, string field, Func<IFieldResolver, IFieldResolver> wrap)
    {
        var existing = type.FieldFor(field).Resolver
                       ?? throw new InvalidOperationException($"{type.Name}.{field} has no resolver to extend; register it first.");
        type.FieldFor(field).Resolver = wrap(existing);
        return type;
    }

    private static void Assign(this TypeConfig type, string field, IFieldResolver resolver)
    {
        var config = type.FieldFor(field);
        if (config.Resolver is not null)
        {
            throw new InvalidOperationException(
                $"{type.Name}.{field} is registered twice; each field has exactly one resolver (use Extend to build on another area's).");
        }

        config.Resolver = resolver;
    }
}
