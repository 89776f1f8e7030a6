using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The whole server (silo + HTTP) in the test process on a data folder of its own, with an admin whose API key
/// the test knows. Extra settings use the same names as the environment variables users set.
/// </summary>
public sealed class WandbAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDataDir _data = new();
    private readonly Dictionary<string, string> _settings;

    public WandbAppFactory(IDictionary<string, string>? settings = null)
    {
        _settings = new Dictionary<string, string>
        {
            ["DATA_DIR"] = _data.Path,
            ["SILO_PORT"] = FreePorts.Next().ToString(),
            ["GATEWAY_PORT"] = FreePorts.Next().ToString(),
            ["ADMIN_API_KEY"] = AdminApiKey,
            ["ADMIN_PASSWORD"] = "test-password-1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    public string AdminApiKey { get; } = TestKeys.NewApiKey();

    public string DataDir => _data.Path;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public WandbClient CreateWandbClient(string? apiKey) => new(CreateClient(), apiKey);

    public WandbClient CreateAdminClient() => CreateWandbClient(AdminApiKey);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
