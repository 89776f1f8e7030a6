using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Grains answered by delegates: each grain call goes to <see cref="Handle"/> with the grain interface, method
/// name and arguments. Results are wrapped into the method's Task/ValueTask type automatically.
/// </summary>
internal sealed class FakeCluster
{
    public static readonly UserIdentity Viewer = new(1, "capture-user", "capture@example.invalid", false, "capture-user");

    public FakeCluster(Func<Type, string, object?[], object?> handle)
    {
        Handle = handle;
        Grains = GrainProxy.Create<IGrainFactory>((method, _) =>
        {
            var grainType = method.IsGenericMethod ? method.GetGenericArguments()[0] : method.ReturnType;
            return CreateGrain(grainType);
        });
    }

    public Func<Type, string, object?[], object?> Handle { get; }

    public IGrainFactory Grains { get; }

    public WandbGraphQLContext Context(UserIdentity? user = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("wandb.test:8080");
        http.SetUser(user ?? Viewer);
        var urls = new PublicUrls(Options.Create(new ServerOptions()));
        var signer = new UrlSigner(Options.Create(new SigningOptions { Key = Convert.ToBase64String(new byte[32]) }), TimeProvider.System);
        var fileUrls = new RunFileUrls(signer, urls);
        return new WandbGraphQLContext(http, user ?? Viewer, Grains, fileUrls, new ArtifactUrls(fileUrls, urls), urls, NullLogger.Instance);
    }

    private object CreateGrain(Type grainType)
    {
        var create = typeof(GrainProxy).GetMethod(nameof(GrainProxy.Create))!.MakeGenericMethod(grainType);
        Func<MethodInfo, object?[], object?> handler = (method, args) => Wrap(method.ReturnType, () => Handle(grainType, method.Name, args));
        return create.Invoke(null, [handler])!;
    }

    /// <summary>Turns a plain result (or exception) into the Task/ValueTask the grain method returns.</summary>
    private static object? Wrap(Type returnType, Func<object?> call)
    {
        if (!returnType.IsGenericType)
        {
            try
            {
                call();
                return returnType == typeof(ValueTask) ? ValueTask.CompletedTask : Task.CompletedTask;
            }
            catch (Exception ex)
            {
                return returnType == typeof(ValueTask) ? ValueTask.FromException(ex) : Task.FromException(ex);
            }
        }

        var resultType = returnType.GetGenericArguments()[0];
        var source = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(resultType))!;
        var sourceType = source.GetType();
        try
        {
            sourceType.GetMethod("SetResult")!.Invoke(source, [call()]);
        }
        catch (Exception ex)
        {
            sourceType.GetMethod("SetException", [typeof(Exception)])!.Invoke(source, [ex]);
        }

        var task = sourceType.GetProperty("Task")!.GetValue(source)!;
        return returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)
            ? Activator.CreateInstance(returnType, task)
            : task;
    }
}
