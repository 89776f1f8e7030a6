using System.Runtime.CompilerServices;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// Public ids are made with one key per process (<see cref="RelayIds.UseKey"/>). Every server this test process hosts
/// is given <see cref="TestKeys.PublicIdKey"/>; setting it before any test runs means tests that build ids without a
/// server (resolver tests over a fake cluster) never see the key change under them.
/// </summary>
internal static class PublicIdKeyInitializer
{
    [ModuleInitializer]
    internal static void UseTheTestKey() => RelayIds.UseKey(Convert.FromBase64String(TestKeys.PublicIdKey));
}
