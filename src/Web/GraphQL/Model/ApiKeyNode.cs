namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ApiKey</c>. <c>name</c> is the masked key: the plaintext is only shown when it is created.</summary>
public sealed record ApiKeyNode(string Id, string Name, string? Description);
