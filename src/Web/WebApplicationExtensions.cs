using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.Accounts;
using Orleans.Wandb.Web.App;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.Charts;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.FileStream;
using Orleans.Wandb.Web.GraphQL;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.Health;
using Orleans.Wandb.Web.Hosting;
using Orleans.Wandb.Web.Identity;
using Orleans.Wandb.Web.Live;
using Orleans.Wandb.Web.Media;
using Orleans.Wandb.Web.Media.Tables;
using Orleans.Wandb.Web.Scim;
using Orleans.Wandb.Web.Session;
using Orleans.Wandb.Web.Telemetry;

namespace Orleans.Wandb.Web;

/// <summary>Registers and maps the whole HTTP front end: GraphQL, file_stream, file transfer, health and the web app.</summary>
public static class WebApplicationExtensions
{
    public static IServiceCollection AddWandbWeb(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Key), "Signing:Key must be set")
            .Validate(o => o.UploadUrlLifetime > TimeSpan.Zero && o.UploadUrlLifetime <= TimeSpan.FromHours(1), "Signing:UploadUrlLifetime must be more than 0 and at most 1 hour")
            .Validate(o => o.DownloadUrlLifetime > TimeSpan.Zero && o.DownloadUrlLifetime <= TimeSpan.FromHours(1), "Signing:DownloadUrlLifetime must be more than 0 and at most 1 hour")
            .ValidateOnStart();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<UrlSigner>();
        services.AddSingleton<ImageThumbnails>();
        services.AddOptions<TableIndexOptions>().BindConfiguration(TableIndexOptions.SectionName)
            .Validate(o => o.MaxBytes > 0 && o.MaxTableBytes > 0 && o.MaxTableBytes <= o.MaxBytes, "Media:Tables:MaxBytes and MaxTableBytes must be positive, MaxTableBytes at most MaxBytes")
            .ValidateOnStart();
        services.AddSingleton<TableIndexes>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutageRetryAfter>();
        services.AddWandbGraphQL();
        services.AddWandbSessions();
        services.AddWandbIdentityTokens();
        services.AddOptions<StorageAlertOptions>().BindConfiguration(StorageAlertOptions.SectionName).ValidateOnStart();
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateOnStart();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName)
            .Validate(o => o.ScrapeToken is null || o.ScrapeToken.Length >= MetricsOptions.MinScrapeTokenLength,
                $"Metrics:ScrapeToken (METRICS_TOKEN) must be at least {MetricsOptions.MinScrapeTokenLength} characters")
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Path normalisation before routing; when HOST carries a path (<c>https://example.com/wandb</c>) the API is
    /// served under it, since clients join every path onto that base.
    /// </summary>
    public static IApplicationBuilder UseWandbWeb(this IApplicationBuilder app)
    {
        var idKey = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["PublicIds:Key"];
        if (string.IsNullOrWhiteSpace(idKey))
        {
            throw new InvalidOperationException("PublicIds:Key is not set; the host must provide the key public ids are made with.");
        }

        RelayIds.UseKey(Convert.FromBase64String(idKey));
        app.UseNoSniff();
        app.UseTransientFailures();
        app.UseCollapsedSlashes();
        var host = app.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value.Host;
        if (Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.AbsolutePath.TrimEnd('/') is { Length: > 0 } pathBase)
        {
            app.UsePathBase(pathBase);
        }

        app.UseWandbApp();
        return app;
    }

    public static IEndpointRouteBuilder MapWandbWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealth();
        endpoints.MapClusterInfo();
        endpoints.MapMetrics();
        endpoints.MapWandbGraphQL();
        endpoints.MapFileStream();
        endpoints.MapSdkTelemetry();
        endpoints.MapStorage();
        endpoints.MapArtifactStorage();
        endpoints.MapSignedUrlCors();
        endpoints.MapCharts();
        endpoints.MapMedia();
        endpoints.MapSessions();
        endpoints.MapAccounts();
        endpoints.MapAdmin();
        endpoints.MapScim();
        endpoints.MapIdentityTokens();
        endpoints.MapLive();
        endpoints.MapWandbApp();
        return endpoints;
    }
}
