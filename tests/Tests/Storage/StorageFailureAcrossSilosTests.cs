using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Invocation;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>
/// A database failure inside a grain reaches a caller on another silo as an outage (503), not as a serialization
/// error or a bug (500): found by <see cref="Cluster.ClusterChaosTests"/>, where a silo cut off from MariaDB answered
/// "Could not find a codec for type MySqlConnector.MySqlException" inside a 200. Uses a real MySqlConnector failure
/// and Orleans' serializer configured as the cluster silos configure it.
/// </summary>
public sealed class StorageFailureAcrossSilosTests
{
    [Fact]
    public async Task A_database_outage_in_a_grain_arrives_on_the_calling_silo_as_storage_unavailable()
    {
        var refused = await RefusedConnectionAsync();
        var leaving = Assert.IsType<StorageUnavailableException>(await Assert.ThrowsAnyAsync<Exception>(
            () => new StorageFailureFilter().Invoke(new FailingCall(refused))));

        var arrived = RoundTrip(SiloSerializer(driverExceptions: true), leaving);

        Assert.IsType<StorageUnavailableException>(arrived);
        Assert.Contains("Unable to connect", arrived.Message);
        Assert.Equal(503, FailureStatus.Classify(arrived).Status);
    }

    [Fact]
    public async Task The_drivers_exception_itself_crosses_silos_with_its_message()
    {
        var refused = await RefusedConnectionAsync();

        var arrived = RoundTrip(SiloSerializer(driverExceptions: true), new OrleansException("Error from storage provider", refused));

        Assert.IsType<MySqlConnector.MySqlException>(arrived.InnerException);
        Assert.Equal(refused.Message, arrived.InnerException!.Message);
        Assert.Throws<CodecNotFoundException>(() => RoundTrip(SiloSerializer(driverExceptions: false), refused));
    }

    [Fact]
    public async Task Only_failures_a_retry_can_fix_leave_a_grain_as_storage_unavailable()
    {
        var refused = await RefusedConnectionAsync();

        Assert.True(StorageFailureFilter.IsTransient(refused));
        Assert.True(StorageFailureFilter.IsTransient(new AggregateException(new Azure.RequestFailedException(503, "ServerBusy"))));
        Assert.False(StorageFailureFilter.IsTransient(new Azure.RequestFailedException(403, "AuthenticationFailed")));
        Assert.False(StorageFailureFilter.IsTransient(new InvalidDataException("segment missing")));
        var bug = new InvalidOperationException("a bug");
        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => new StorageFailureFilter().Invoke(new FailingCall(bug))));
    }

    private static async Task<MySqlConnector.MySqlException> RefusedConnectionAsync()
    {
        await using var connection = new MySqlConnector.MySqlConnection(
            $"Server=127.0.0.1;Port={FreePorts.Next()};User ID=x;Password=x;Connection Timeout=5;Pooling=false");
        return await Assert.ThrowsAsync<MySqlConnector.MySqlException>(() => connection.OpenAsync());
    }

    private static Serializer SiloSerializer(bool driverExceptions)
    {
        var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(StorageUnavailableException).Assembly));
        if (driverExceptions)
        {
            services.Configure<ExceptionSerializationOptions>(ClusterStorageExtensions.SerializeDriverExceptions);
        }

        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    }

    private static Exception RoundTrip(Serializer serializer, Exception exception) =>
        serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(exception))!;

    /// <summary>A grain call whose method throws <paramref name="failure"/>.</summary>
    private sealed class FailingCall(Exception failure) : IIncomingGrainCallContext
    {
        public Task Invoke() => Task.FromException(failure);
        public object? Result { get; set; }
        public Response? Response { get; set; }
        public IInvokable Request => throw new NotSupportedException();
        public object Grain => this;
        public GrainId? SourceId => null;
        public IGrainContext TargetContext => throw new NotSupportedException();
        public GrainId TargetId => default;
        public GrainInterfaceType InterfaceType => default;
        public string InterfaceName => "";
        public string MethodName => "";
        public System.Reflection.MethodInfo ImplementationMethod => throw new NotSupportedException();
        public System.Reflection.MethodInfo InterfaceMethod => throw new NotSupportedException();
    }
}
