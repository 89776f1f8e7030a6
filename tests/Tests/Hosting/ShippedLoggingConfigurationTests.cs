using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Hosting;

/// <summary>
/// The shipped <c>src/Silo/appsettings.json</c> (issue #20 §5, #21 §4): Orleans' own chatter stays at Warning, but the
/// server's events (alerts received, runs deleted, schema migrations, failovers) are logged at Information. The
/// category <c>Orleans</c> is a prefix of <c>Orleans.Wandb.*</c>, so without its own rule the server fell silent.
/// </summary>
public sealed class ShippedLoggingConfigurationTests
{
    [Theory]
    [InlineData("Orleans.Wandb.Grains.Runs.RunGrain")]
    [InlineData("Orleans.Wandb.Grains.Admin.ClientVersionPolicyGrain")]
    [InlineData("Orleans.Wandb.Web.FileStream.FileStreamEndpoints")]
    public void The_servers_own_events_are_logged_at_information(string category)
    {
        using var services = ShippedLogging();
        Assert.True(services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(LogLevel.Information), $"{category} is filtered out at Information");
    }

    [Theory]
    [InlineData("Orleans.Runtime.Watchdog")]
    [InlineData("Orleans.Runtime.Catalog")]
    public void Orleans_runtime_categories_log_warnings_only(string category)
    {
        using var services = ShippedLogging();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    private static ServiceProvider ShippedLogging()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "Silo", "appsettings.json"), optional: false)
            .Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new EverythingProvider()))
            .BuildServiceProvider();
    }

    /// <summary>A sink that would write every level, so only the configured filter rules decide.</summary>
    private sealed class EverythingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Everything();

        public void Dispose()
        {
        }

        private sealed class Everything : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
