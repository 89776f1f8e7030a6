using System.Reflection;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// <c>scripts/test.sh --fast</c> leaves out test classes by their <c>Needs</c> trait, so a class that needs MariaDB,
/// Chromium or a server process without saying so would fail the fast loop on a machine without them. The folders
/// say what a class needs (Cluster/, Browser/, EndToEnd/); these specs hold every test class there to its trait.
/// </summary>
public sealed class TraitConventionTests
{
    [Theory]
    [InlineData("Orleans.Wandb.Tests.Cluster", "Cluster")]
    [InlineData("Orleans.Wandb.Tests.Browser", "Browser")]
    [InlineData("Orleans.Wandb.Tests.EndToEnd", "Process")]
    public void Every_test_class_in_the_folder_carries_its_Needs_trait(string folderNamespace, string need)
    {
        var missing = TestClasses()
            .Where(type => type.Namespace == folderNamespace)
            .Where(type => !NeedsOf(type).Contains(need))
            .Select(type => type.Name)
            .ToList();

        Assert.True(missing.Count == 0, $"Add [Trait(\"Needs\", \"{need}\")] to: {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_test_class_needs_at_most_one_thing()
    {
        // The fast filter is "Needs!=A&Needs!=B&Needs!=C"; one value per class keeps what it matches obvious.
        var several = TestClasses().Where(type => NeedsOf(type).Count > 1).Select(type => type.Name).ToList();

        Assert.Empty(several);
    }

    /// <summary>Concrete classes with test methods of their own or inherited, as xunit runs them.</summary>
    private static IEnumerable<Type> TestClasses() =>
        typeof(TraitConventionTests).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .Where(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Public)
                .Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()));

    /// <summary>
    /// The Needs values xunit sees on the class: its own traits and its base classes' (xunit 2 reads class attributes
    /// with inheritance). TraitAttribute keeps its name and value in constructor arguments only.
    /// </summary>
    private static List<string> NeedsOf(Type type)
    {
        var needs = new List<string>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            needs.AddRange(current.GetCustomAttributesData()
                .Where(data => data.AttributeType == typeof(TraitAttribute)
                    && data.ConstructorArguments is [{ Value: "Needs" }, { Value: string }])
                .Select(data => (string)data.ConstructorArguments[1].Value!));
        }

        return needs.Distinct().ToList();
    }
}
