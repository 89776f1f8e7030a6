using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>New's <c>api.team(name)</c> document, which selects <c>Entity.entityType</c> next to Py16's fields.</summary>
public sealed class TeamEntityDocumentTests : IClassFixture<TeamEntityDocumentTests.App>
{
    private readonly App _app;

    public TeamEntityDocumentTests(App app) => _app = app;

    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    // wandb 0.28.2, wandb/apis/_generated/operations.py: GET_TEAM_ENTITY_GQL.
    private const string GetTeamEntity = """
        query GetTeamEntity($name: String!) {
          entity(name: $name) {
            id
            name
            available
            photoUrl
            readOnly
            readOnlyAdmin
            isTeam
            entityType
            privateOnly
            storageBytes
            codeSavingEnabled
            defaultAccess
            isPaid
            members {
              id
              admin
              pending
              email
              username
              name
              photoUrl
              accountType
              apiKey
            }
          }
        }
        """;

    [Fact]
    public async Task A_team_reads_back_as_a_team_entity_with_its_members()
    {
        var admin = _app.Factory.CreateAdminClient();
        await admin.QueryAsync(
            "mutation CreateTeam($teamName: String!, $teamAdminUserName: String) { createTeam(input: {teamName: $teamName, teamAdminUserName: $teamAdminUserName}) { entity { id name } } }",
            new { teamName = "vision" });

        var team = (await admin.QueryAsync(GetTeamEntity, new { name = "vision" }))["entity"]!;

        Assert.Equal(("vision", true, "TEAM"), (team["name"]!.GetValue<string>(), team["isTeam"]!.GetValue<bool>(), team["entityType"]!.GetValue<string>()));
        Assert.NotEmpty(team["members"]!.AsArray());
    }
}
