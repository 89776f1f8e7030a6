using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Artifacts;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Projects;
using Orleans.Wandb.Grains.Runs;
using Orleans.Wandb.Grains.Sweeps;
using Orleans.Wandb.Grains.Teams;

namespace Orleans.Wandb.Grains.Hosting;

/// <summary>Registers what the grains need whatever the storage profile: options, the run clock, accounts.</summary>
public static class WandbGrainsExtensions
{
    /// <summary>
    /// Binds <see cref="RunOptions"/> ("Runs") and <see cref="AdminOptions"/> ("Admin", with <c>ADMIN_PASSWORD</c>,
    /// <c>ADMIN_API_KEY</c> and <c>ADMIN_EMAIL</c> as fallbacks), registers <see cref="AccountAdmin"/>, the
    /// admin bootstrap, <see cref="ArtifactUploads"/>, the directory's cache invalidation (<see cref="DirectoryOptions"/>,
    /// "Directory"), <see cref="SweepOptions"/> ("Sweeps"), and the run clock (<see cref="ServiceKeys.Clock"/>; register another one first to fake it).
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddWandbGrains(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AccountAdmin)))
        {
            return services;
        }

        services.AddOptions<RunOptions>().BindConfiguration(RunOptions.SectionName);
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.SectionName);
        services.AddOptions<SweepOptions>().BindConfiguration(SweepOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton<WandbMetrics>();
        services.TryAddSingleton<HistoryCache>();
        services.TryAddSingleton<HistoryWriter>();
        services.AddOptions<AnonymousOptions>()
            .BindConfiguration(AnonymousOptions.SectionName)
            .Validate(o => o.MaxUsers is >= 1 and <= 1_000_000, "Anonymous:MaxUsers must be between 1 and 1,000,000.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .PostConfigure<IConfiguration>((admin, configuration) =>
            {
                // The environment variables W&B Local users know.
                admin.Password ??= configuration["ADMIN_PASSWORD"];
                admin.ApiKey ??= configuration["ADMIN_API_KEY"];
                if (configuration["ADMIN_EMAIL"] is { Length: > 0 } email)
                {
                    admin.Email = email;
                }
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(ServiceKeys.Clock, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<AccountAdmin>();
        services.AddSingleton<ServiceKeySealer>();
        services.TryAddSingleton<ArtifactUploads>();
        services.AddOptions<DirectoryOptions>().BindConfiguration(DirectoryOptions.SectionName);
        services.AddSingleton<DirectoryEpoch>();
        services.AddSingleton<DirectoryChanges>();
        services.AddSingleton<InviteAcceptance>();
        services.AddSingleton<ProjectDeletion>();
        services.AddHostedService<DirectoryVersionWatcher>();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }
}
