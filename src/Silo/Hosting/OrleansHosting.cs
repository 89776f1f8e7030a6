using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>Chooses and configures the Orleans silo for the storage profile in use.</summary>
public static class OrleansHosting
{
    /// <summary>Default Orleans silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default Orleans gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// The embedded profile: one silo with localhost clustering; metadata, grain state and reminders in SQLite,
    /// history and files on local disk, all under the data folder. With <c>MYSQL</c> and <c>BUCKET</c> set, the
    /// cluster profile instead (<see cref="ClusterHosting"/>).
    /// </summary>
    public static WebApplicationBuilder AddWandbSilo(this WebApplicationBuilder builder)
    {
        var siloPort = WandbSettings.ReadPort(builder.Configuration, WandbSettings.SiloPort, DefaultSiloPort);
        var gatewayPort = WandbSettings.ReadPort(builder.Configuration, WandbSettings.GatewayPort, DefaultGatewayPort);
        if (ClusterHosting.IsCluster(builder.Configuration))
        {
            return builder.AddWandbClusterSilo(siloPort, gatewayPort);
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.UseMembershipClock();
            silo.AddEmbeddedStorage();
        });
        return builder;
    }

    /// <summary>Membership and health monitoring on <see cref="MembershipClock"/> (both profiles).</summary>
    public static ISiloBuilder UseMembershipClock(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new MembershipClock());
        return silo;
    }
}
