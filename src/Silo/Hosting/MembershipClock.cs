using System.Diagnostics;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// The clock Orleans' membership and health monitoring read (<see cref="TimeProviderNames.Membership"/>): the system
/// clock, with monotonic timestamps counted from when this silo built it instead of from the machine's boot.
/// </summary>
/// <remarks>
/// Orleans 10's <c>Watchdog.Start</c> starts its platform thread before it stamps the component thread's first
/// timestamp, so the platform thread's first look can find that timestamp still 0. With the system clock 0 means
/// "when the machine booted": every start then logged "Participant check thread has not completed for 01:05:55"
/// (the uptime) and recorded a component-stall health event that counts against this silo in membership votes.
/// Counting from the silo's own start makes that unset timestamp read as "just now", under the watchdog's
/// threshold. Durations are unchanged: only differences of timestamps are ever used, and wall time comes from the
/// system clock as before.
/// </remarks>
public sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
