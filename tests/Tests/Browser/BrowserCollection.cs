namespace Orleans.Wandb.Tests.Browser;

/// <summary>Browser tests share one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
