using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>Full-page screenshots saved as test outputs under <c>.test-results/screenshots/</c>, for people to look at.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, ".test-results", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }
}
