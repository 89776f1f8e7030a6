namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// <c>ServerSettings</c>: Py16 selects it in <c>UpsertBucket</c> once the probe shows the type has fields, and
/// only needs a list of messages to print (none).
/// </summary>
public sealed record ServerSettingsModel(IReadOnlyList<object> ServerMessages)
{
    public static ServerSettingsModel Empty { get; } = new([]);
}
