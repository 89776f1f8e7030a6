namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// The <c>Retry-After</c> of a 503: how long this server has been answering 503s so far, at least 2 s and at most
/// 60 s. Only wandb-core (the Go client of 0.2x) reads the header, and it then waits exactly that long instead of its
/// own backoff (2 s doubling to 60 s, 20 attempts for GraphQL and file transfers). A constant would make it choose
/// between resuming quickly after a blip and outlasting a long outage; the age of the outage gives both: the waits
/// grow 2, 2, 4, 8, 16, 32, 60 s as its backoff would, so 20 attempts still span ~16 minutes, and after a short blip
/// the next attempt comes within seconds. An outage is over once no 503 was answered for a minute.
/// file_stream keeps its constant 2 s (<c>FileStreamEndpoints</c>): there the client retries ~10,000 times.
/// </summary>
public sealed class OutageRetryAfter(TimeProvider time)
{
    /// <summary>A minute without a 503 ends an outage; the next one starts over at 2 s.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(1);

    public const int MinimumSeconds = 2;
    public const int MaximumSeconds = 60;

    private readonly Lock _gate = new();
    private DateTimeOffset _outageStarted = DateTimeOffset.MinValue;
    private DateTimeOffset _last503 = DateTimeOffset.MinValue;

    /// <summary>Records a 503 answered now and returns the seconds its client should wait.</summary>
    public int Next()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _last503 > QuietPeriod)
            {
                _outageStarted = now;
            }

            _last503 = now;
            return (int)Math.Clamp(Math.Ceiling((now - _outageStarted).TotalSeconds), MinimumSeconds, MaximumSeconds);
        }
    }
}
