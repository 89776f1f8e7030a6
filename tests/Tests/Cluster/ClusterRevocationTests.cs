using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The revocation specification on a 2-silo cluster: the change is made through the other silo (a server process) and
/// checked on this one, whose directory cache already holds the old answer. It must be refused well within the
/// directory's 30 s cache lifetime, so only the cross-silo invalidation can make these pass.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRevocationTests(ClusterRevocationTests.Server server)
    : RevocationTests(server), IClassFixture<ClusterRevocationTests.Server>
{
    public sealed class Server : App
    {
        /// <summary>Far below the cache lifetime; the invalidation normally arrives within a poll interval (250 ms).</summary>
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);

        public override WandbClient Changer(string apiKey) => new(Factory.Peers[0].Http, apiKey);

        public override async Task<int> StatusAfterChangeAsync(Func<Task<int>> request, int expected)
        {
            var until = DateTime.UtcNow + Deadline;
            while (true)
            {
                var status = await request();
                if (status == expected || DateTime.UtcNow > until)
                {
                    return status;
                }

                await Task.Delay(50);
            }
        }
    }
}
