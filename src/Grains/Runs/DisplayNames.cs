namespace Orleans.Wandb.Grains.Runs;

/// <summary>Generated display names in W&amp;B's "adjective-noun-N" style, N being the run's storage id.</summary>
internal static class DisplayNames
{
    private static readonly string[] Adjectives =
    [
        "amber", "brisk", "calm", "daring", "eager", "fancy", "gentle", "hardy", "icy", "jolly", "keen", "lively",
        "misty", "noble", "olive", "proud", "quiet", "rosy", "sunny", "tidy", "upbeat", "vivid", "witty", "young",
        "zesty", "bright", "cosmic", "dashing", "earthy", "fluent", "golden", "hearty",
    ];

    private static readonly string[] Nouns =
    [
        "aurora", "breeze", "canyon", "dawn", "ember", "forest", "glade", "harbor", "island", "jungle", "lake",
        "meadow", "nebula", "ocean", "pine", "quasar", "river", "summit", "thunder", "valley", "wave", "yonder",
        "comet", "dune", "field", "galaxy", "hill", "moon", "night", "planet", "sky", "star",
    ];

    /// <summary>A fresh display name for the run with storage id <paramref name="id"/>.</summary>
    public static string Generate(long id) =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{id}";
}
