using System.Net;
using System.Net.Http.Json;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Password guessing is throttled per resolved account (username and email are one bucket) and per client address,
/// and nobody can lock an account out: the owner's right password from an address that has not failed always gets in.
/// Failed sign-ins land in the admins' audit log. Each profile runs the same specification
/// (<see cref="EmbeddedSignInThrottlingTests"/>, <see cref="ClusterSignInThrottlingTests"/>).
/// </summary>
public abstract class SignInThrottlingTests(SignInThrottlingTests.App app)
{
    private const string Password = "a-password-1";

    /// <summary>The settings of the server under test: 3 failures per 10-minute window.</summary>
    protected static readonly Dictionary<string, string> Settings = new()
    {
        ["Session:LoginAttemptsPerWindow"] = "3",
        ["Session:LoginWindow"] = "00:10:00",
    };

    public abstract class App : ProfileServer;

    private async Task<HttpStatusCode> SignInAsync(string address, string login, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/login")
        {
            Content = JsonContent.Create(new { login, password }),
        };
        request.Headers.Add(AppSession.CsrfHeader, "1");
        request.Headers.Add(TestClientAddress.Header, address);
        using var response = await app.Factory.CreateClient().SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.True(response.Headers.RetryAfter is not null, "429 without Retry-After");
        }

        return response.StatusCode;
    }

    [Fact]
    public async Task Guesses_from_many_addresses_never_lock_out_the_owner_signing_in_from_an_address_that_has_not_failed()
    {
        await TestUsers.CreateAsync(app.Factory, "lockvictim");
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync($"198.51.100.{i}", "lockvictim", "guess-" + i));
        }

        Assert.Equal(HttpStatusCode.OK, await SignInAsync("192.0.2.200", "lockvictim", Password));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("192.0.2.201", "lockvictim@example.test", Password));
    }

    [Fact]
    public async Task Username_and_email_of_one_account_share_one_bucket()
    {
        await TestUsers.CreateAsync(app.Factory, "twonames");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync($"198.51.101.{i}", "twonames", "guess-" + i));
        }

        // A fourth guesser switches to the email: the account's bucket is already full, so after one failure of its
        // own it is refused, even with the right password.
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("198.51.101.4", "TwoNames@example.test", "guess-4"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("198.51.101.4", "twonames@example.test", Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("198.51.101.4", "twonames", Password));
    }

    [Fact]
    public async Task An_address_that_failed_too_often_is_refused_for_every_account_even_with_the_right_password()
    {
        await TestUsers.CreateAsync(app.Factory, "sprayed");
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("203.0.113.9", "sprayed", "guess-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("203.0.113.9", "nobody-here", "guess-2"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("203.0.113.9", "nobody@example.test", "guess-3"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("203.0.113.9", "sprayed", Password));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("203.0.113.10", "sprayed", Password));
    }

    [Fact]
    public async Task An_IPv6_client_cannot_escape_its_bucket_by_changing_addresses_within_its_network()
    {
        await TestUsers.CreateAsync(app.Factory, "v6target");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync($"2001:db8:5:6::{i:x}", "v6target", "guess-" + i));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("2001:db8:5:6::99", "nobody-v6", "guess-4"));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("2001:db8:5:7::1", "v6target", Password));
    }

    [Fact]
    public async Task Unknown_names_are_throttled_exactly_like_known_ones()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync($"198.51.102.{i}", "ghost", "guess-" + i));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("198.51.102.4", "ghost", "guess-4"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("198.51.102.4", "ghost", "guess-5"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("198.51.102.5", "ghost", "guess-6"));
    }

    [Fact]
    public async Task Failed_sign_ins_are_in_the_audit_log_with_account_and_address_but_never_the_password()
    {
        await TestUsers.CreateAsync(app.Factory, "audited");
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("198.51.103.7", "audited@example.test", "secret-guess-77"));

        var log = await app.Factory.CreateAdminClient().QueryAsync("{ auditLog(first: 50) { action target address detail } }");
        var entries = log["auditLog"]!.AsArray();
        Assert.Contains(entries, e => e!["action"]!.GetValue<string>() == "session.sign-in.failed"
            && e["target"]!.GetValue<string>() == "user/audited" && e["address"]!.GetValue<string>() == "198.51.103.7");
        Assert.DoesNotContain("secret-guess-77", log.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_long_names_and_passwords_are_refused_before_any_hashing()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await SignInAsync("198.51.104.1", new string('a', 321), Password));
        Assert.Equal(HttpStatusCode.BadRequest, await SignInAsync("198.51.104.1", "someone", new string('p', 1025)));
    }
}

public sealed class EmbeddedSignInThrottlingTests(EmbeddedSignInThrottlingTests.Server server)
    : SignInThrottlingTests(server), IClassFixture<EmbeddedSignInThrottlingTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}

/// <summary>Sign-in throttling on a 2-silo cluster: the failure buckets are grains, one per account or address cluster-wide.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSignInThrottlingTests(ClusterSignInThrottlingTests.Server server)
    : SignInThrottlingTests(server), IClassFixture<ClusterSignInThrottlingTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
