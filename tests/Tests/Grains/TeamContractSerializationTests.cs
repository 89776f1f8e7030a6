using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>Every team, invite, directory and sign-in type that crosses grain boundaries survives the Orleans serializer unchanged.</summary>
public sealed class TeamContractSerializationTests
{
    private static readonly TeamInvite Invite = new(3, "vision", "ivy@example.test", "viewer", "alice", DateTimeOffset.UnixEpoch.AddDays(2));

    private static readonly TeamMember Member = new(7, "bob", "bob@example.test", "member", false, null);

    public static TheoryData<object> Values() => new()
    {
        new DirectoryVersion(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 42),
        new LoginFailures(3, TimeSpan.FromSeconds(41)),
        new UserIdentity(4, "leaver", "leaver@example.test", false, "leaver", Deactivated: true),
        new UserSummary(4, "leaver", "leaver@example.test", false, false, DateTimeOffset.UnixEpoch, Deactivated: true),
        Invite,
        new Invitation(null, Invite),
        new Invitation(Member, null),
        new TeamInfo(1, "vision", true, "admin", [Member], [Invite]),
        new RunUpsert { UserId = 5, ForUserId = 7 },
        new RunRow { Name = "r", UserId = 5, ForUserId = 7 },
        new RunInfo { Entity = "vision", Project = "p", Name = "r", UserId = 5, ForUserId = 7 },
        new RunBranch(2, "{\"lr\": {\"value\": 0.1}}", "{\"loss\": NaN}", 1, ["{\"_step\": 1}", null]),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Round_trips_through_the_orleans_serializer(object value) => OrleansRoundTrip.AssertUnchanged(value);
}
