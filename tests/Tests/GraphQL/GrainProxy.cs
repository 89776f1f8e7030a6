using System.Reflection;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// A stand-in for a grain interface (or <see cref="IGrainFactory"/>) whose calls go to a delegate, so resolver
/// tests run without a cluster. Not sealed: <see cref="DispatchProxy"/> derives the proxy class from it.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private Func<MethodInfo, object?[], object?> _handler = (method, _) => throw new NotSupportedException(method.Name);

    public static T Create<T>(Func<MethodInfo, object?[], object?> handler)
        where T : class
    {
        var proxy = Create<T, GrainProxy>();
        ((GrainProxy)(object)proxy)._handler = handler;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _handler(targetMethod!, args ?? []);
}
