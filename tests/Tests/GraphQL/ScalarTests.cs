using System.Text.Json;
using GraphQLParser.AST;
using Orleans.Wandb.Web.GraphQL.Scalars;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>The W&amp;B scalars keep their wire forms (docs/protocol/graphql.md#scalars).</summary>
public sealed class ScalarTests
{
    [Fact]
    public void Int64_round_trips_values_beyond_32_bits()
    {
        var scalar = new Int64GraphType();

        Assert.Equal("Int64", scalar.Name);
        Assert.Equal(5_000_000_000L, scalar.ParseValue(5_000_000_000L));
        Assert.Equal(5_000_000_000L, scalar.ParseLiteral(new GraphQLIntValue(5_000_000_000L)));
        Assert.Equal(5_000_000_000L, scalar.Serialize(5_000_000_000L));
    }

    [Fact]
    public async Task Int64_variables_beyond_32_bits_validate()
    {
        var errors = await GraphQLTestSchema.ValidateAsync(
            RecordedGraphQLRequests.All.First(request => request.Operation == "HistoryPage").Query,
            variables: GraphQLTestSchema.ReadVariables("""{"entity":"e","project":"p","run":"r","minStep":0,"maxStep":5000000000,"pageSize":1000}"""));

        Assert.Empty(errors);
    }

    [Fact]
    public void Json_passes_objects_through_in_both_directions()
    {
        var scalar = new JsonGraphType();
        var value = new Dictionary<string, object?> { ["lastStep"] = 204L, ["keys"] = new List<object?> { "loss" } };

        Assert.Equal("JSON", scalar.Name);
        Assert.Same(value, scalar.ParseValue(value));
        Assert.Same(value, scalar.Serialize(value));
    }

    [Fact]
    public async Task Json_output_is_an_embedded_object_not_a_string()
    {
        var policy = new Orleans.Wandb.Contracts.Admin.ClientVersionPolicy("0.30.0", "0.20.0");
        var (_, body) = await GraphQLRunner.RunAsync("{ serverInfo { cliVersionInfo } }", new FakeCluster((_, _, _) => policy));

        var info = body.GetProperty("data").GetProperty("serverInfo").GetProperty("cliVersionInfo");
        Assert.Equal(JsonValueKind.Object, info.ValueKind);
        Assert.Equal("0.30.0", info.GetProperty("max_cli_version").GetString());
    }

    [Fact]
    public void JsonString_keeps_the_text_verbatim()
    {
        var scalar = new JsonStringGraphType();
        const string text = """{"loss": NaN, "nested": {"a": 1}}""";

        Assert.Equal("JSONString", scalar.Name);
        Assert.Equal(text, scalar.ParseValue(text));
        Assert.Equal(text, scalar.Serialize(text));
    }

    [Fact]
    public async Task JsonString_output_is_a_string_and_quotes_are_not_escaped_as_unicode()
    {
        var (_, body) = await GraphQLRunner.RunAsync("{ viewer { flags entity } }", new FakeCluster((_, _, _) => null));

        Assert.Equal("{}", body.GetProperty("data").GetProperty("viewer").GetProperty("flags").GetString());
        var serialized = Orleans.Wandb.Web.GraphQL.GraphQLHttpHandler.Serializer.Serialize(new Dictionary<string, string> { ["c"] = "{\"a\":1}" });
        Assert.DoesNotContain("\\u0022", serialized);
    }

    [Fact]
    public void DateTime_is_utc_without_a_zone_suffix()
    {
        var scalar = new WireDateTimeGraphType();

        Assert.Equal("DateTime", scalar.Name);
        Assert.Equal("2026-11-26T06:15:11", scalar.Serialize(new DateTimeOffset(2026, 11, 26, 7, 15, 11, TimeSpan.FromHours(1))));
        Assert.Equal("2026-11-26T06:15:11", scalar.ParseValue("2026-11-26T06:15:11"));
    }
}
