using System.Text.RegularExpressions;
using Orleans.Wandb.Silo.Hosting;
using Orleans.Wandb.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Orleans.Wandb.Tests.Deploy;

/// <summary>
/// The files under deploy/ and the Dockerfile pass the server settings it reads (<see cref="WandbSettings"/>), with
/// ports that agree with each other and the fields Kubernetes requires, so they cannot drift from the code unseen.
/// </summary>
public sealed partial class DeploySettingsTests
{
    // What a silo of the cluster profile needs to find its peers, its storage and its public address.
    private static readonly string[] ClusterSettings =
        ["MYSQL", "BUCKET", "CLUSTER_ID", "HOST", WandbSettings.Port, WandbSettings.SiloPort, WandbSettings.GatewayPort, WandbSettings.AdvertisedIp];

    private static string Compose => Path.Combine(RepoPaths.Root, "deploy", "compose", "docker-compose.yml");

    private static string Kubernetes => Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "orleans-wandb.yaml");

    [Fact]
    public void The_compose_silos_pass_only_settings_the_server_reads_and_every_cluster_setting()
    {
        var silos = ComposeSilos();
        Assert.Equal(3, silos.Count);
        foreach (var (name, silo) in silos)
        {
            var environment = silo.Map("environment").Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);
            Assert.All(environment.Keys, key => Assert.True(WandbSettings.Names.Contains(key), $"{name} sets {key}, which the server does not read"));
            Assert.All(ClusterSettings, key => Assert.True(environment.ContainsKey(key), $"{name} does not set {key}"));
            Assert.All([WandbSettings.Port, WandbSettings.SiloPort, WandbSettings.GatewayPort], key => Assert.True(int.TryParse(environment[key], out _), $"{name}: {key} is not a port"));
        }
    }

    [Fact]
    public void The_compose_load_balancer_reaches_every_silo_on_its_http_port_and_the_database_is_mysql_8()
    {
        var services = DeployYaml.Documents(Compose)[0].Map("services");
        var silos = ComposeSilos();
        var nginx = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Compose)!, "nginx.conf"));
        var upstream = UpstreamServer().Matches(nginx).Select(m => (m.Groups["host"].Value, m.Groups["port"].Value)).ToList();
        var expected = silos.Select(s => (s.Name, s.Silo.Map("environment").Text(WandbSettings.Port))).ToList();
        Assert.Equal(expected.Order(), upstream.Where(u => u.Item1.StartsWith("silo", StringComparison.Ordinal)).Order());
        Assert.StartsWith("mysql:8", services.Map("mysql").Text("image"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_silos_get_only_settings_the_server_reads_and_every_cluster_setting()
    {
        var documents = DeployYaml.Documents(Kubernetes);
        var secret = documents.Single(d => d.Text("kind") == "Secret");
        var container = Assert.Single(Deployment(documents).Map("spec").Map("template").Map("spec").Seq("containers").Cast<YamlMappingNode>());
        var env = container.Seq("env").Cast<YamlMappingNode>().ToDictionary(e => e.Text("name"), e => e.Find("value") is YamlScalarNode v ? v.Value : null);
        var fromSecret = secret.Map("stringData").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        var settings = env.Keys.Concat(fromSecret).ToList();

        Assert.All(settings, key => Assert.True(WandbSettings.Names.Contains(key), $"the silos get {key}, which the server does not read"));
        Assert.All(ClusterSettings, key => Assert.True(settings.Contains(key), $"the silos do not get {key}"));
        Assert.Equal(secret.Map("metadata").Text("name"), container.Seq("envFrom").Cast<YamlMappingNode>().Single().Map("secretRef").Text("name"));

        // The container ports are the ones the settings make the silo listen on.
        var ports = container.Seq("ports").Cast<YamlMappingNode>().ToDictionary(p => p.Text("name"), p => p.Text("containerPort"));
        Assert.Equal(env[WandbSettings.Port], ports["http"]);
        Assert.Equal(env[WandbSettings.SiloPort], ports["silo"]);
        Assert.Equal(env[WandbSettings.GatewayPort], ports["gateway"]);
    }

    [Fact]
    public void The_kubernetes_manifests_have_the_fields_kubernetes_requires_and_their_selectors_match_the_pods()
    {
        var documents = DeployYaml.Documents(Kubernetes);
        var apiVersions = new Dictionary<string, string>
        {
            ["Secret"] = "v1",
            ["Service"] = "v1",
            ["Deployment"] = "apps/v1",
            ["PodDisruptionBudget"] = "policy/v1",
        };
        foreach (var document in documents)
        {
            var kind = document.Text("kind");
            Assert.True(apiVersions.TryGetValue(kind, out var apiVersion), $"unexpected kind {kind}");
            Assert.Equal(apiVersion, document.Text("apiVersion"));
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", document.Map("metadata").Text("name"));
        }

        var deployment = Deployment(documents);
        var template = deployment.Map("spec").Map("template");
        var podLabels = Labels(template.Map("metadata").Map("labels"));
        Assert.Subset(podLabels, Labels(deployment.Map("spec").Map("selector").Map("matchLabels")));
        var container = template.Map("spec").Seq("containers").Cast<YamlMappingNode>().Single();
        Assert.NotEmpty(container.Text("name"));
        Assert.NotEmpty(container.Text("image"));
        var portNames = container.Seq("ports").Cast<YamlMappingNode>()
            .Select(p => (p.Text("name"), int.Parse(p.Text("containerPort")))).ToList();
        Assert.All(portNames, p => Assert.InRange(p.Item2, 1, 65535));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            var httpGet = container.Map(probe).Map("httpGet");
            Assert.StartsWith("/", httpGet.Text("path"), StringComparison.Ordinal);
            Assert.Contains(httpGet.Text("port"), portNames.Select(p => p.Item1));
        }

        var service = documents.Single(d => d.Text("kind") == "Service");
        Assert.Subset(podLabels, Labels(service.Map("spec").Map("selector")));
        Assert.All(service.Map("spec").Seq("ports").Cast<YamlMappingNode>(), port =>
        {
            Assert.InRange(int.Parse(port.Text("port")), 1, 65535);
            Assert.Contains(port.Text("targetPort"), portNames.Select(p => p.Item1));
        });

        var budget = documents.Single(d => d.Text("kind") == "PodDisruptionBudget");
        Assert.Subset(podLabels, Labels(budget.Map("spec").Map("selector").Map("matchLabels")));
        Assert.InRange(int.Parse(budget.Map("spec").Text("minAvailable")), 1, int.Parse(deployment.Map("spec").Text("replicas")) - 1);
    }

    [Fact]
    public void The_image_runs_the_server_assembly_and_exposes_its_default_ports()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var exposed = dockerfile.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ')[1..].Select(int.Parse).ToList();
        Assert.Equal([WandbSettings.DefaultPort, OrleansHosting.DefaultSiloPort, OrleansHosting.DefaultGatewayPort], exposed);
        Assert.Contains($"\"/app/{typeof(WandbSettings).Assembly.GetName().Name}.dll\"", dockerfile.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
    }

    private static List<(string Name, YamlMappingNode Silo)> ComposeSilos() =>
        DeployYaml.Documents(Compose)[0].Map("services").Children
            .Where(s => ((YamlMappingNode)s.Value).Find("<<") is not null || ((YamlMappingNode)s.Value).Find("build") is not null)
            .Select(s => (((YamlScalarNode)s.Key).Value!, DeployYaml.Documents(Compose)[0].Map("services").Map(((YamlScalarNode)s.Key).Value!)))
            .ToList();

    private static YamlMappingNode Deployment(IReadOnlyList<YamlMappingNode> documents) => documents.Single(d => d.Text("kind") == "Deployment");

    private static HashSet<string> Labels(YamlMappingNode labels) =>
        labels.Children.Select(c => $"{((YamlScalarNode)c.Key).Value}={((YamlScalarNode)c.Value).Value}").ToHashSet();

    [GeneratedRegex(@"server\s+(?<host>[a-z0-9-]+):(?<port>\d+)")]
    private static partial Regex UpstreamServer();
}
