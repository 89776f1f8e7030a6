using System.Text.Json.Nodes;
using Dapper;
using MySqlConnector;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Grain state on MySQL through Orleans' ADO.NET provider and the project's own schema.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterGrainStateTests
{
    [Fact]
    public async Task A_run_state_far_larger_than_64_KiB_survives_a_full_restart_and_stores_no_type_names()
    {
        using var deployment = await ServerDeployment.ClusterAsync(silos: 2);
        var config = new JsonObject();
        for (var i = 0; i < 4000; i++)
        {
            config[$"param_{i:D4}"] = new JsonObject { ["value"] = new string('v', 40) + i };
        }

        string entity;
        await using (var group = await deployment.StartAsync())
        {
            var client = group.Primary.Client;
            entity = (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
            var (status, body) = await client.GraphQLAsync(
                """
                mutation Up($entity: String!, $config: JSONString) {
                  upsertBucket(input: {entityName: $entity, modelName: "state", name: "bigstate", config: $config}) { bucket { id } }
                }
                """, new { entity, config = config.ToJsonString() });
            Assert.True(status == 200 && body?["errors"] is null, body?.ToJsonString());
            await group.StopAsync();
        }

        await using (var group = await deployment.StartAsync())
        {
            var data = await group.Servers[^1].Client.QueryAsync(
                """query R($entity: String!) { project(name: "state", entityName: $entity) { run(name: "bigstate") { config } } }""",
                new { entity });
            Assert.True(JsonNode.DeepEquals(config, JsonNode.Parse(data["project"]!["run"]!["config"]!.GetValue<string>())));
        }

        await using var connection = new MySqlConnection(MySqlConnectionStrings.Normalize(deployment.Settings["MYSQL"]));
        var payloads = (await connection.QueryAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE PayloadBinary IS NOT NULL;")).ToList();
        Assert.Contains(payloads, p => p.Length > 64 * 1024);

        // Orleans' binary serializer writes [Alias] ids, not CLR type names, so renaming a state type breaks nothing.
        Assert.DoesNotContain(payloads, p => System.Text.Encoding.UTF8.GetString(p).Contains("Orleans.Wandb.Grains", StringComparison.Ordinal));
    }
}
