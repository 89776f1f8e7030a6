using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Configuration;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// The cluster profile's silo: many silos (each with its own <c>PORT</c>, <c>SILO_PORT</c>, <c>GATEWAY_PORT</c>,
/// all with the same <c>CLUSTER_ID</c>) form one cluster through the membership table in MySQL; any silo serves
/// any request and routes grain calls to the silo that hosts the grain.
/// </summary>
public static class ClusterHosting
{
    /// <summary>True when <c>MYSQL</c> and <c>BUCKET</c> (or their "Cluster" options) are both set.</summary>
    public static bool IsCluster(IConfiguration config, IReadOnlyDictionary<string, string?>? pending = null) =>
        !string.IsNullOrWhiteSpace(Setting(config, pending, "Cluster:MySql"))
        && !string.IsNullOrWhiteSpace(Setting(config, pending, "Cluster:Bucket"));

    /// <summary>
    /// Every silo must sign URLs and sessions with the same keys, and silos share no folder. Without
    /// <c>SIGNING_KEY</c> / <c>SESSION_KEY</c> a key is derived, per <paramref name="purpose"/>, from the secrets all
    /// silos already share (the MySQL and bucket settings).
    /// </summary>
    public static string DeriveKey(IConfiguration config, IReadOnlyDictionary<string, string?>? pending, string purpose)
    {
        var material = $"orleans-wandb {purpose} key\n{Setting(config, pending, "Cluster:MySql")}\n{Setting(config, pending, "Cluster:Bucket")}";
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>Configures the silo for the cluster profile.</summary>
    public static WebApplicationBuilder AddWandbClusterSilo(this WebApplicationBuilder builder, int siloPort, int gatewayPort)
    {
        var settings = builder.Configuration.GetSection(ClusterStorageOptions.SectionName).Get<ClusterStorageOptions>()
            ?? new ClusterStorageOptions();
        var advertised = AdvertisedAddress(builder.Configuration[WandbSettings.AdvertisedIp]);

        // Registered before the silo, so the schema exists when Orleans' providers read their queries from it.
        builder.Services.AddClusterStorage();
        builder.UseOrleans(silo =>
        {
            // The advertised address is how other silos reach this one: loopback for a cluster on one machine,
            // the pod or container address (ADVERTISED_IP) elsewhere. The silo listens on every interface.
            silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: true);
            silo.UseMembershipClock();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A dead silo is declared dead in ~3 s instead of ~15 s, so its runs reactivate elsewhere quickly.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
            silo.Configure<GrainDirectoryOptions>(o =>
            {
                // After a silo is declared dead, Orleans by default refuses to re-register its grains elsewhere for
                // 30 s (less the failure-detection time), in case the "dead" silo still runs them: that lease was
                // most of the 22-27 s during which a killed silo's runs could not be written. It is not what keeps
                // data consistent here: a run's log is fenced in storage (a new activation seals the old writer's
                // segment before it reads, BlobRunLogStore) and grain state is written with ETags, so a stale
                // activation's writes fail instead of being acknowledged. Without the lease, failover is detection
                // plus a directory view change.
                o.RangeLeaseDuration = TimeSpan.Zero;
            });
            silo.AddClusterStorage(settings);
        });
        return builder;
    }

    /// <summary>
    /// <c>ADVERTISED_IP</c>: an address, <c>auto</c> (the first IPv4 address of this host's name: a container's
    /// own address in docker compose), or unset for loopback (several silos on one machine).
    /// </summary>
    private static IPAddress AdvertisedAddress(string? setting) => setting switch
    {
        null or "" => IPAddress.Loopback,
        "auto" => Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("ADVERTISED_IP=auto found no IPv4 address for this host's name."),
        _ => IPAddress.Parse(setting),
    };

    private static string? Setting(IConfiguration config, IReadOnlyDictionary<string, string?>? pending, string key) =>
        pending is not null && pending.TryGetValue(key, out var value) ? value : config[key];
}
