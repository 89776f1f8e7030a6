namespace Orleans.Wandb.Web.GraphQL.Features;

/// <summary>
/// One <c>serverInfo.features</c> flag this server turns on: its name as the clients spell it (the
/// <c>ServerFeature</c> enum of wandb's <c>wandb_internal.proto</c>), the client code path it switches on, and the
/// test (<c>Class.Method</c> in tests/Tests) that runs that path against this server.
/// </summary>
public sealed record AdvertisedFeature(string Name, string Enables, string ProvenBy);
