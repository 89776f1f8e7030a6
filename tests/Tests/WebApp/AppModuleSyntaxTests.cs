using System.Diagnostics;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// Every module of the web app parses. One module that does not (a parenthesis lost in a merge) stops app.js from
/// importing, and every page stays at "Loading…" — which only the browser tests, outside --fast, would see.
/// </summary>
public sealed class AppModuleSyntaxTests
{
    public static TheoryData<string> Modules()
    {
        var root = Path.Combine(RepoPaths.Root, "src", "Web", "App", "wwwroot", "js");
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task The_module_parses_as_an_ES_module(string module)
    {
        var path = Path.Combine(RepoPaths.Root, "src", "Web", "App", "wwwroot", "js", module);
        var info = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("--experimental-default-type=module");
        info.ArgumentList.Add("--check");
        info.ArgumentList.Add(path);
        using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"{module} does not parse:\n{await errors}");
    }
}
