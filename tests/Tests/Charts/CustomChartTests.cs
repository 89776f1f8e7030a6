using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Tests.GraphQL.Corpus;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Charts;

/// <summary>
/// Custom chart presets (<c>Api.create_custom_chart</c>): the 0.28.2 Go core's and the Python client's
/// <c>CreateCustomChart</c> documents store a preset per entity, answered with the id <c>entity/name</c> the clients
/// return; it is served back by id and in the entity's list to whoever may read it, and bad input stores nothing.
/// Each profile runs the same specification (<see cref="EmbeddedCustomChartTests"/>, <see cref="Cluster.ClusterCustomChartTests"/>).
/// </summary>
public abstract class CustomChartTests(CustomChartTests.App app)
{
    protected const string Owner = "presets";

    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new() { ["ADMIN_USERNAME"] = Owner };

    private const string BarSpec = """{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "bar", "data": {"name": "wandb"}, "encoding": {"x": {"field": "${field:x}", "type": "ordinal"}, "y": {"field": "${field:y}", "type": "quantitative"}}}""";

    private const string ReadBack = """
        query($id: ID!) { customChart(id: $id) { id name displayName type access spec entity { name } createdAt updatedAt } }
        """;

    public abstract class App : ProfileServer
    {
        public string OutsiderKey { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            OutsiderKey = (await TestUsers.CreateAsync(Factory, "chartoutsider")).ApiKey;
        }
    }

    private static string Document(string client) =>
        ClientDocumentCorpus.Of("0.28.2").Single(d => d.Operation == "CreateCustomChart" && d.Client == client).Query;

    private async Task<JsonNode> CreateWithGoCoreAsync(string name, string access = "PRIVATE", string spec = BarSpec) =>
        await app.Factory.CreateAdminClient().QueryAsync(Document("go-core"), new
        {
            entity = Owner, chartName = name, displayName = $"My {name}", chartType = "vega2", access, spec,
        });

    [Fact]
    public async Task The_go_core_and_python_documents_store_presets_served_back_by_id_and_in_the_entity_list()
    {
        var created = await CreateWithGoCoreAsync("bar-chart");
        var python = await app.Factory.CreateAdminClient().QueryAsync(Document("python"), new
        {
            entity = Owner, name = "line-chart", displayName = "Line", type = "vega2", access = "PUBLIC", spec = BarSpec.Replace("bar", "line", StringComparison.Ordinal),
        });

        Assert.Equal($"{Owner}/bar-chart", created["createCustomChart"]!["chart"]!["id"]!.GetValue<string>());
        Assert.Equal($"{Owner}/line-chart", python["createCustomChart"]!["chart"]!["id"]!.GetValue<string>());
        var chart = (await app.Factory.CreateAdminClient().QueryAsync(ReadBack, new { id = $"{Owner}/bar-chart" }))["customChart"]!;
        Assert.Equal("My bar-chart", chart["displayName"]!.GetValue<string>());
        Assert.Equal("vega2", chart["type"]!.GetValue<string>());
        Assert.Equal("PRIVATE", chart["access"]!.GetValue<string>());
        Assert.Equal(BarSpec, chart["spec"]!.GetValue<string>());
        Assert.Equal(Owner, chart["entity"]!["name"]!.GetValue<string>());
        var listed = await app.Factory.CreateAdminClient().QueryAsync(
            "query($e: String) { entity(name: $e) { customCharts { edges { node { id access } } } } }", new { e = Owner });
        var ids = listed["entity"]!["customCharts"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ToList();
        Assert.Contains($"{Owner}/bar-chart", ids);
        Assert.Contains($"{Owner}/line-chart", ids);
    }

    [Fact]
    public async Task Creating_a_preset_again_under_its_name_updates_it_and_keeps_when_it_was_created()
    {
        await CreateWithGoCoreAsync("rerun-chart");
        var first = (await app.Factory.CreateAdminClient().QueryAsync(ReadBack, new { id = $"{Owner}/rerun-chart" }))["customChart"]!;

        await CreateWithGoCoreAsync("rerun-chart", spec: BarSpec.Replace("bar", "point", StringComparison.Ordinal));
        var second = (await app.Factory.CreateAdminClient().QueryAsync(ReadBack, new { id = $"{Owner}/rerun-chart" }))["customChart"]!;

        Assert.Contains("\"point\"", second["spec"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first["createdAt"]!.GetValue<string>(), second["createdAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_private_preset_is_hidden_from_other_users_a_public_one_is_not_and_they_cannot_create_in_the_entity()
    {
        await CreateWithGoCoreAsync("secret-chart");
        await CreateWithGoCoreAsync("shared-chart", access: "PUBLIC");
        var outsider = app.Factory.CreateWandbClient(app.OutsiderKey);

        Assert.Null((await outsider.QueryAsync(ReadBack, new { id = $"{Owner}/secret-chart" }))["customChart"]);
        Assert.NotNull((await outsider.QueryAsync(ReadBack, new { id = $"{Owner}/shared-chart" }))["customChart"]);
        var (status, body) = await outsider.GraphQLAsync(Document("go-core"), new
        {
            entity = Owner, chartName = "intruder", displayName = "x", chartType = "vega2", access = "PUBLIC", spec = BarSpec,
        });
        Assert.True(status == 404 && body?["errors"] is not null, $"{status} {body?.ToJsonString()}");
        Assert.Null((await app.Factory.CreateAdminClient().QueryAsync(ReadBack, new { id = $"{Owner}/intruder" }))["customChart"]);
    }

    [Theory]
    [InlineData("vega9", "PRIVATE", "{}", "type \"vega9\" is not one of")]
    [InlineData("vega2", "SECRET", "{}", "access \"SECRET\" is not one of")]
    [InlineData("vega2", "PRIVATE", "[1, 2]", "spec must be a JSON object")]
    [InlineData("vega2", "PRIVATE", "{\"mark\": ", "spec is not valid JSON")]
    [InlineData("vega2", "PRIVATE", "oversized", "at most")]
    public async Task Bad_input_is_refused_with_a_400_naming_it_and_stores_nothing(string type, string access, string spec, string message)
    {
        var name = $"bad-{Math.Abs(HashCode.Combine(type, access, spec)) % 100_000}";
        var sent = spec == "oversized" ? "{\"a\": \"" + new string('x', ChartLimits.MaxSpecLength) + "\"}" : spec;

        var (status, body) = await app.Factory.CreateAdminClient().GraphQLAsync(Document("go-core"), new
        {
            entity = Owner, chartName = name, displayName = "x", chartType = type, access, spec = sent,
        });

        Assert.Equal(400, status);
        Assert.Contains(message, body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null((await app.Factory.CreateAdminClient().QueryAsync(ReadBack, new { id = $"{Owner}/{name}" }))["customChart"]);
    }
}
