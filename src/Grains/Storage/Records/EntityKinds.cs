namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>The kinds of entities.</summary>
public static class EntityKinds
{
    /// <summary>A user's personal entity, named after the username.</summary>
    public const string User = "user";

    /// <summary>A team: members are admins, members or viewers.</summary>
    public const string Team = "team";
}
