using System.Text.Json;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Py16 dereferences every probed <c>__type</c> and its <c>fields</c>/<c>inputFields</c>: a null crashes login,
/// init or artifact logging (docs/protocol/graphql.md#introspection-probes). Each probe must answer a type with a non-empty list.
/// </summary>
public sealed class IntrospectionProbeTests
{
    [Theory]
    [InlineData("Query", "fields", "createRunFiles", false)]
    [InlineData("Query", "fields", "serverInfo", true)]
    [InlineData("Mutation", "fields", "createRunFiles", true)]
    [InlineData("ServerInfo", "fields", "cliVersionInfo", true)]
    [InlineData("ServerInfo", "fields", "latestLocalVersionInfo", true)]
    [InlineData("ServerSettings", "fields", "serverMessages", true)]
    [InlineData("Artifact", "fields", "ttlIsInherited", true)]
    [InlineData("CreateArtifactInput", "inputFields", "historyStep", true)]
    [InlineData("CreateArtifactInput", "inputFields", "enableDigestDeduplication", true)]
    [InlineData("CreateArtifactFileSpecInput", "inputFields", "uploadPartsInput", true)]
    [InlineData("UseArtifactInput", "inputFields", "usedAs", true)]
    [InlineData("AddAliasesInput", "inputFields", "artifactID", true)]
    public async Task Probed_type_exists_with_a_list_of_names(string type, string listField, string name, bool expected)
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            $$"""query Probe { T: __type(name: "{{type}}") { {{listField}} { name } } }""", new FakeCluster((_, _, _) => null));

        Assert.Equal(200, status);
        var list = body.GetProperty("data").GetProperty("T").GetProperty(listField);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.NotEqual(0, list.GetArrayLength());
        Assert.Equal(expected, list.EnumerateArray().Any(item => item.GetProperty("name").GetString() == name));
    }

    [Fact]
    public async Task Recorded_probes_answer_every_alias_with_a_list()
    {
        foreach (var request in RecordedGraphQLRequests.All.Where(request => request.Operation!.StartsWith("Probe", StringComparison.Ordinal)))
        {
            var (status, body) = await GraphQLRunner.RunAsync(request.Query, new FakeCluster((_, _, _) => null), request.VariablesJson);

            Assert.Equal(200, status);
            foreach (var alias in body.GetProperty("data").EnumerateObject())
            {
                Assert.Equal(JsonValueKind.Object, alias.Value.ValueKind);
                var list = alias.Value.TryGetProperty("fields", out var fields) ? fields : alias.Value.GetProperty("inputFields");
                Assert.True(list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0, $"{request.Operation} {alias.Name}");
            }
        }
    }
}
