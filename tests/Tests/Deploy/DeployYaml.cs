using YamlDotNet.RepresentationModel;

namespace Orleans.Wandb.Tests.Deploy;

/// <summary>Reads the YAML under deploy/ as plain trees (aliases resolved, <c>&lt;&lt;</c> merge keys applied).</summary>
public static class DeployYaml
{
    /// <summary>Every document of a YAML file.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    /// <summary>The child mapping at <paramref name="key"/>, with merge keys applied; fails when it is missing.</summary>
    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        Merged(Assert.IsType<YamlMappingNode>(node.Child(key)));

    /// <summary>The child sequence at <paramref name="key"/>; fails when it is missing.</summary>
    public static YamlSequenceNode Seq(this YamlMappingNode node, string key) => Assert.IsType<YamlSequenceNode>(node.Child(key));

    /// <summary>The scalar at <paramref name="key"/>; fails when it is missing.</summary>
    public static string Text(this YamlMappingNode node, string key) => Assert.IsType<YamlScalarNode>(node.Child(key)).Value!;

    /// <summary>The child at <paramref name="key"/>, or null.</summary>
    public static YamlNode? Find(this YamlMappingNode node, string key) =>
        Merged(node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlNode Child(this YamlMappingNode node, string key) =>
        node.Find(key) ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing (line {node.Start.Line}).");

    /// <summary>The mapping with the keys of its <c>&lt;&lt;</c> merge (YAML 1.1) filled in where it does not set them.</summary>
    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var mergeKey = new YamlScalarNode("<<");
        if (!node.Children.TryGetValue(mergeKey, out var merge))
        {
            return node;
        }

        var result = new YamlMappingNode();
        foreach (var (key, value) in Merged(Assert.IsType<YamlMappingNode>(merge)).Children)
        {
            result.Children[key] = value;
        }

        foreach (var (key, value) in node.Children.Where(c => !c.Key.Equals(mergeKey)))
        {
            result.Children[key] = value;
        }

        return result;
    }
}
