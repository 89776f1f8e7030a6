using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Sweeps;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>
/// A sweep survives its server dying: kill -9 between two heartbeats, with one run finished, one handed out and
/// running, and the agents carrying on against the restarted server. The search continues where it stood and no grid
/// point is handed out twice. Each profile runs the same specification (<see cref="EmbeddedSweepRestartTests"/>,
/// <see cref="Cluster.ClusterSweepRestartTests"/>).
/// </summary>
public abstract class SweepRestartTests
{
    private const string Project = "restart";

    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task A_sweep_killed_minus_9_between_heartbeats_continues_its_grid_without_repeating_a_point()
    {
        using var deployment = await CreateDeploymentAsync();
        var given = new List<double>();
        string sweep, first, second, entity;
        JsonObject inFlight;
        await using (var group = await deployment.StartAsync())
        {
            var client = group.Primary.Client;
            entity = (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
            var script = new SweepAgentScript(client, entity);
            sweep = await script.CreateSweepAsync(Project, "method: grid\nmetric: {name: loss}\nparameters:\n  x: {values: [0, 1, 2, 3, 4, 5, 6, 7]}\n");
            first = await script.CreateAgentAsync(Project, sweep, "host-a");
            second = await script.CreateAgentAsync(Project, sweep, "host-b");

            var done = Assert.Single(await script.HeartbeatAsync(first))!.AsObject();
            given.Add(SweepAgentScript.X(done["args"]!.AsObject()));
            await script.RunAsync(Project, sweep, done, args => [SweepAgentScript.X(args)]);

            // The second agent's run has started and reported when the server dies: no graceful shutdown.
            inFlight = Assert.Single(await script.HeartbeatAsync(second))!.AsObject();
            given.Add(SweepAgentScript.X(inFlight["args"]!.AsObject()));
            await client.QueryAsync(
                "mutation($p: String, $r: String, $s: String) { upsertBucket(input: {modelName: $p, name: $r, sweep: $s}) { bucket { id } } }",
                new { p = Project, r = inFlight["run_id"]!.GetValue<string>(), s = sweep });
            await group.KillAsync();
        }

        await using (var group = await deployment.StartAsync())
        {
            var script = new SweepAgentScript(group.Servers[^1].Client, entity);
            var running = new Dictionary<string, JsonObject?> { [first] = null, [second] = inFlight };
            var exited = new HashSet<string>();
            for (var round = 0; round < 20 && exited.Count < 2; round++)
            {
                foreach (var agent in running.Keys.Where(a => !exited.Contains(a)).ToList())
                {
                    // An agent whose run is still going lists it; the run then finishes before the next heartbeat.
                    var run = running[agent];
                    var commands = run is null
                        ? await script.HeartbeatAsync(agent)
                        : await script.HeartbeatAsync(agent, run["run_id"]!.GetValue<string>());
                    if (run is not null)
                    {
                        Assert.Empty(commands);
                        await script.RunAsync(Project, sweep, run, args => [SweepAgentScript.X(args)]);
                        running[agent] = null;
                        continue;
                    }

                    // Grid handed out but the other agent's run still going: nothing yet (it could still crash back).
                    if (commands.Count == 0)
                    {
                        continue;
                    }

                    var command = Assert.Single(commands)!.AsObject();
                    if (SweepAgentScript.Type(command) == "exit")
                    {
                        exited.Add(agent);
                        continue;
                    }

                    given.Add(SweepAgentScript.X(command["args"]!.AsObject()));
                    running[agent] = command;
                }
            }

            Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7], given.Order());
            Assert.Equal(2, exited.Count);
            var read = (await script.Client.QueryAsync(
                "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { state runCount bestLoss } } }",
                new { e = entity, p = Project, s = sweep }))["project"]!["sweep"]!;
            Assert.Equal("FINISHED", read["state"]!.GetValue<string>());
            Assert.Equal(8, read["runCount"]!.GetValue<int>());
            Assert.Equal(0.0, read["bestLoss"]!.GetValue<double>());
        }
    }
}
