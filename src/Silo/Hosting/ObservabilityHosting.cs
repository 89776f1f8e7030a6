using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// What an operator sees live: metrics for <c>/metrics</c> (Prometheus) and, when an OTLP endpoint is configured,
/// traces and metrics pushed to it. Built on OpenTelemetry's SDK rather than hand-written exposition: it already
/// speaks both formats, and Orleans, ASP.NET Core and the runtime publish their instruments through the same
/// <c>System.Diagnostics.Metrics</c> API it listens to.
/// </summary>
public static class ObservabilityHosting
{
    /// <summary>The standard OpenTelemetry setting (environment variable) naming the OTLP collector.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The meters exported: the server's own (<see cref="WandbMetrics"/>), Orleans' (activations by grain type,
    /// messaging, directory), ASP.NET Core's (request duration by route and status, open connections) and the
    /// runtime's (GC, heap, thread pool queue).
    /// </summary>
    public static readonly string[] Meters =
    [
        WandbMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>Orleans' activity sources: a trace follows a request from ASP.NET Core through every grain call.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static WebApplicationBuilder AddWandbObservability(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orleans-wandb"))
            .WithMetrics(metrics =>
            {
                // No response cache: a scrape reads the instruments as they are now (only an admin or the scraper may ask).
                metrics.AddMeter(Meters).AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());

            // Grain calls carry the trace context only when asked to; the cost is paid only when traces are wanted.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
        }

        return builder;
    }
}
