namespace Orleans.Wandb.Grains.Accounts;

/// <summary>What a password must be: long enough to resist guessing, short enough that hashing stays cheap.</summary>
public static class PasswordRules
{
    /// <summary>Fewest characters (NIST SP 800-63B's minimum for user-chosen secrets).</summary>
    public const int MinLength = 8;

    /// <summary>Most characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is wrong with the password.</summary>
    public static void EnsureAcceptable(string? password)
    {
        if (password is null || password.Length < MinLength || password.Length > MaxLength)
        {
            throw new ArgumentException($"A password needs {MinLength} to {MaxLength} characters.", nameof(password));
        }
    }
}
