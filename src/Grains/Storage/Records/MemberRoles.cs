namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>Roles in a team's membership list.</summary>
public static class MemberRoles
{
    /// <summary>Manages the team and writes to its projects.</summary>
    public const string Admin = "admin";

    /// <summary>Writes to the team's projects.</summary>
    public const string Member = "member";

    /// <summary>Reads the team's projects only.</summary>
    public const string Viewer = "viewer";

    /// <summary>True for a role this server knows.</summary>
    public static bool IsValid(string role) => role is Admin or Member or Viewer;
}
