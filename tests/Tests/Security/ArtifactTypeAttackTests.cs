using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// <c>createArtifactType</c> for an entity that does not exist answers "not found" and stores nothing, even for the
/// instance admin (who may write to team-visible projects of every entity): the review got an id for nothing.
/// </summary>
public sealed class ArtifactTypeAttackTests(ArtifactTypeAttackTests.Server app) : IClassFixture<ArtifactTypeAttackTests.Server>
{
    private const string Mutation = """
        mutation($e: String!, $p: String!) {
          createArtifactType(input: {entityName: $e, projectName: $p, name: "dataset"}) { artifactType { id } }
        }
        """;

    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("alice")]
    public async Task CreateArtifactType_InAnEntityThatDoesNotExist_AnswersNotFoundAndNoId(string caller)
    {
        var client = caller == "admin" ? app.Factory.CreateAdminClient() : app.Client(app.AliceKey);

        var (status, body) = await client.GraphQLAsync(Mutation, new { e = "no-such-entity", p = "proj" });

        var error = body?["errors"]?[0]?["message"]?.GetValue<string>();
        Assert.True(error is not null, $"{status}: {body}");
        Assert.Null(body?["data"]?["createArtifactType"]?["artifactType"]);
        if (caller == "admin")
        {
            Assert.Contains("not found", error, StringComparison.OrdinalIgnoreCase);
        }

        // The entity was not created on the way.
        var (_, entity) = await app.Factory.CreateAdminClient().GraphQLAsync("{ entity(name: \"no-such-entity\") { id } }");
        Assert.Null(entity?["data"]?["entity"]);
    }

    [Fact]
    public async Task CreateArtifactType_InAnExistingEntity_AnswersAnId()
    {
        var data = await app.Client(app.AliceKey).QueryAsync(Mutation, new { e = "alice", p = "typed" });

        Assert.False(string.IsNullOrEmpty(data["createArtifactType"]!["artifactType"]!["id"]!.GetValue<string>()));
    }
}
