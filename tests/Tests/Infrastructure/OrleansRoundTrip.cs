using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Checks that a contract value crosses grain boundaries unchanged (compared through its JSON form).</summary>
public static class OrleansRoundTrip
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(Contracts.Keys.RunKey).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    /// <summary>Serializes and deserializes <paramref name="value"/> and asserts the copy equals it.</summary>
    public static void AssertUnchanged(object value)
    {
        var copy = Serializer.Deserialize<object>(Serializer.SerializeToArray(value))!;

        Assert.Equal(value.GetType(), copy.GetType());
        Assert.Equal(JsonSerializer.Serialize(value, value.GetType()), JsonSerializer.Serialize(copy, copy.GetType()));
    }
}
