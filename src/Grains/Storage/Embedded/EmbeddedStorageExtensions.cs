using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.Hosting;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>The embedded storage profile: SQLite metadata, grain state and reminders; run logs and files on disk.</summary>
public static class EmbeddedStorageExtensions
{
    /// <summary>
    /// Registers the embedded profile on a silo: everything of <see cref="AddEmbeddedStorage(IServiceCollection)"/>,
    /// the grains' services (<see cref="WandbGrainsExtensions.AddWandbGrains"/>) and the reminder service.
    /// Data goes under <see cref="StorageOptions.DataDir"/> (configuration section "Storage").
    /// </summary>
    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder builder)
    {
        builder.AddReminders();
        builder.Services.AddWandbGrains();
        builder.Services.AddEmbeddedStorage();
        return builder;
    }

    /// <summary>
    /// Registers the embedded stores: <see cref="IMetadataStore"/>, <see cref="IArtifactStore"/>, <see cref="IRunLogStore"/>, <see cref="IFileStore"/>,
    /// the Orleans grain storage <see cref="StorageNames.Metadata"/> and the <see cref="IReminderTable"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton(sp => new SqlMetadataStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IMetadataStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.TryAddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.TryAddSingleton<ITeamStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.TryAddSingleton<IStorageUsage, EmbeddedStorageUsage>();
        services.TryAddSingleton<IArtifactStore>(sp => new SqlArtifactStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IAlertStore>(sp => new SqlAlertStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<FileRunLogStore>();
        services.TryAddSingleton<IRunLogStore>(sp => sp.GetRequiredService<FileRunLogStore>());
        services.TryAddSingleton<IFileStore, LocalFileStore>();
        services.TryAddSingleton<IHistorySegmentStore, FileHistorySegmentStore>();
        services.AddGrainStorage(StorageNames.Metadata, (sp, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp));
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return services;
    }
}
