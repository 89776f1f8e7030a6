namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>A user to create, with the password already hashed.</summary>
public sealed record NewUser(
    string Username,
    string Email,
    string? PasswordHash,
    bool MustChangePassword,
    bool Admin,
    DateTimeOffset CreatedAt);
