using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Storage.Sql;
using Orleans.Wandb.Tests.Storage;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Timing does not tell which accounts exist: a sign-in for an unknown name, for a user without a password, and with
/// a wrong password each cost exactly one verification against a hash of the same algorithm and cost (the hasher is
/// watched, not timed; the review measured 2 ms for unknown names against 65 ms for known ones).
/// </summary>
public sealed class SignInCostTests : IDisposable
{
    private readonly StorageFolder _dir = new();
    private readonly SqlMetadataStore _store;
    private readonly CountingHasher _hasher = new();
    private readonly AccountAdmin _accounts;

    public SignInCostTests()
    {
        _store = new SqlMetadataStore(_dir.NewDatabase());
        _accounts = new AccountAdmin(_store, new FakeTimeProvider(), _hasher);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Unknown_names_passwordless_users_and_wrong_passwords_each_cost_one_verification_of_the_same_hash_format()
    {
        await _store.InitializeAsync();
        await _accounts.CreateUserAsync("known", "known@example.test", "the-password-1", admin: false);
        await _accounts.CreateUserAsync("nopassword", "nopassword@example.test", null, admin: false);
        var stored = _hasher.Hashed.Single();

        foreach (var name in new[] { "known", "nopassword", "nobody" })
        {
            _hasher.Verified.Clear();
            Assert.Null(await _accounts.VerifyPasswordAsync(name, "a-wrong-password"));
            var checkedAgainst = Assert.Single(_hasher.Verified);

            // Identity's format: a version byte, then (v3) the PRF, the iteration count and the salt length.
            Assert.Equal(Convert.FromBase64String(stored)[..13], Convert.FromBase64String(checkedAgainst)[..13]);
        }
    }

    [Fact]
    public async Task No_password_matches_a_user_who_has_none()
    {
        await _store.InitializeAsync();
        await _accounts.CreateUserAsync("keyonly", "keyonly@example.test", null, admin: false);

        Assert.Null(await _accounts.VerifyPasswordAsync("keyonly", ""));
        Assert.Null(await _accounts.VerifyPasswordAsync("keyonly", "anything"));
    }

    /// <summary>The real hasher, recording the hashes it makes and checks against.</summary>
    private sealed class CountingHasher : IPasswordHasher<UserIdentity>
    {
        private readonly PasswordHasher<UserIdentity> _inner = new();

        public List<string> Hashed { get; } = [];

        public List<string> Verified { get; } = [];

        public string HashPassword(UserIdentity user, string password)
        {
            var hash = _inner.HashPassword(user, password);
            Hashed.Add(hash);
            return hash;
        }

        public PasswordVerificationResult VerifyHashedPassword(UserIdentity user, string hashedPassword, string providedPassword)
        {
            Verified.Add(hashedPassword);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
