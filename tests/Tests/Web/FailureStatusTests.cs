using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The statuses failures map to: 503 for what a retry fixes (W&amp;B clients retry it), 500 for a server bug.
/// </summary>
public sealed class FailureStatusTests
{
    public static TheoryData<Exception> Transient() => new()
    {
        new StorageUnavailableException("blob store down"),
        new SiloUnavailableException("silo died"),
        new TimeoutException("slow"),
        // Another activation of the grain wrote its state: Orleans deactivates this one, the retry meets a fresh one.
        new InconsistentStateException("stale etag"),
        new AggregateException(new InvalidOperationException("other"), new InconsistentStateException("stale etag")),
        new InvalidOperationException("wrapper", new InconsistentStateException("stale etag")),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Failures_a_retry_can_fix_answer_503(Exception failure)
    {
        Assert.Equal(503, FailureStatus.Classify(failure).Status);
    }

    [Fact]
    public void A_server_bug_answers_500_without_its_message()
    {
        var (status, message) = FailureStatus.Classify(new InvalidDataException("History segment h/000000-v1.seg is missing."));

        Assert.Equal(500, status);
        Assert.DoesNotContain("segment", message);
    }
}
