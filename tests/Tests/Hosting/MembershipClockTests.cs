using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Wandb.Silo.Hosting;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Hosting;

/// <summary>
/// Issue #21 §4: every silo start logged "Participant check thread has not completed for &lt;the machine's uptime&gt;"
/// because Orleans' watchdog can read its component timestamp before setting it (0), and 0 on the system clock is the
/// machine's boot. The membership clock counts from the silo's start, so an unset timestamp reads as "just now".
/// </summary>
public sealed class MembershipClockTests
{
    [Fact]
    public async Task The_silos_membership_clock_counts_from_the_silos_start_not_the_machines_boot()
    {
        var sinceBeforeTheSiloStarted = Stopwatch.StartNew();
        await using var app = new WandbAppFactory();

        var clock = app.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);

        Assert.IsType<MembershipClock>(clock);
        Assert.True(clock.GetElapsedTime(0) <= sinceBeforeTheSiloStarted.Elapsed,
            $"an unset timestamp reads as {clock.GetElapsedTime(0)} ago, longer than the silo has existed ({sinceBeforeTheSiloStarted.Elapsed})");
    }

    [Fact]
    public async Task Durations_on_the_membership_clock_are_those_of_the_system_clock()
    {
        var clock = new MembershipClock();

        // Each sandwich bounds the clock's origin (system timestamp minus clock timestamp); a fixed origin means
        // every difference of two clock timestamps equals that of the system clock.
        var (low1, high1) = Origin(clock);
        await Task.Delay(20);
        var (low2, high2) = Origin(clock);

        Assert.True(Math.Max(low1, low2) <= Math.Min(high1, high2), "the clock's origin moved");
        Assert.Equal(Stopwatch.Frequency, clock.TimestampFrequency);
        Assert.InRange(clock.GetUtcNow(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private static (long Low, long High) Origin(TimeProvider clock)
    {
        var before = Stopwatch.GetTimestamp();
        var timestamp = clock.GetTimestamp();
        var after = Stopwatch.GetTimestamp();
        return (before - timestamp, after - timestamp);
    }
}
