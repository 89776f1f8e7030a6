using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// The cluster storage profile: Orleans clustering, grain state and reminders on MySQL through the ADO.NET
/// providers; metadata in MySQL; run files and run logs in an Azure Blob container.
/// </summary>
public static class ClusterStorageExtensions
{
    /// <summary>The ADO.NET invariant under which Orleans loads MySqlConnector.</summary>
    public const string MySqlInvariant = "MySql.Data.MySqlConnector";

    /// <summary>
    /// Registers the cluster profile on a silo, from <see cref="ClusterStorageOptions"/> ("Cluster"): the stores,
    /// the schema startup (<see cref="ClusterStorageStartup"/>, registered with <see cref="AddClusterStorage(IServiceCollection)"/>
    /// before the silo, see the host), ADO.NET clustering, grain storage <see cref="StorageNames.Metadata"/>
    /// (Orleans' binary serializer, which survives type renames through <c>[Alias]</c>) and reminders.
    /// </summary>
    public static ISiloBuilder AddClusterStorage(this ISiloBuilder builder, ClusterStorageOptions settings)
    {
        var connectionString = MySqlConnectionStrings.Normalize(settings.MySql);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = MySqlInvariant;
            o.ConnectionString = connectionString;
        });

        // The default grain directory is eventually consistent: after a silo dies, two silos may briefly each run
        // an activation of the same run, and both append to its log and compact its history. The distributed
        // directory keeps one owner per grain through membership changes (it is what Orleans' own chaos tests
        // use), so one activation at a time owns a run's log. Orleans still marks it experimental (ORLEANSEXP003).
#pragma warning disable ORLEANSEXP003
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = MySqlInvariant;
            o.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorage(StorageNames.Metadata, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = MySqlInvariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));

        // A storage failure that escapes a grain called from another silo must arrive there as what it is. MySqlConnector's
        // exceptions are not in Orleans' list of serializable exception namespaces: one thrown on a silo cut off from the
        // database (its reminder service, a grain's state) reached the caller as "Could not find a codec for type
        // MySqlException", a 500 inside a 200. Serialized now (type, message, inner exceptions), and classified at the
        // source (StorageFailureFilter), because the driver's error code does not survive the trip.
        builder.Services.Configure<ExceptionSerializationOptions>(SerializeDriverExceptions);
        builder.AddIncomingGrainCallFilter<StorageFailureFilter>();
        builder.Services.AddWandbGrains();
        builder.Services.AddClusterStorage();
        return builder;
    }

    /// <summary>Lets Orleans carry the database driver's exceptions between silos, as it does System's and Azure's.</summary>
    internal static void SerializeDriverExceptions(ExceptionSerializationOptions options) =>
        options.SupportedNamespacePrefixes.Add("MySqlConnector");

    /// <summary>
    /// Registers the cluster stores: <see cref="IMetadataStore"/> (MySQL), <see cref="IFileStore"/> and
    /// <see cref="IDirectTransfer"/> (blobs, SAS URLs), <see cref="IRunLogStore"/> (append blobs) and the storage
    /// startup. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddClusterStorage(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MySqlDatabase)))
        {
            return services;
        }

        services.AddOptions<ClusterStorageOptions>().BindConfiguration(ClusterStorageOptions.SectionName)
            .Validate(o => o.IsConfigured, "Cluster:MySql (MYSQL) and Cluster:Bucket (BUCKET) must both be set")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MySqlDatabase>();
        services.AddSingleton<DeadMemberSweep>();
        services.AddSingleton(sp => new SqlMetadataStore(sp.GetRequiredService<MySqlDatabase>()));
        services.AddSingleton<IMetadataStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.AddSingleton<ITeamStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.AddSingleton<IStorageUsage, BlobStorageUsage>();
        services.AddSingleton<IArtifactStore>(sp => new SqlArtifactStore(sp.GetRequiredService<MySqlDatabase>()));
        services.AddSingleton<IAlertStore>(sp => new SqlAlertStore(sp.GetRequiredService<MySqlDatabase>()));
        services.AddSingleton<IHistorySegmentStore, BlobHistorySegmentStore>();
        services.AddSingleton<BlobContainerFactory>();
        services.AddSingleton<BlobFileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<IDirectTransfer>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<BlobRunLogStore>();
        services.AddSingleton<IRunLogStore>(sp => sp.GetRequiredService<BlobRunLogStore>());
        services.AddHostedService<ClusterStorageStartup>();
        return services;
    }
}
