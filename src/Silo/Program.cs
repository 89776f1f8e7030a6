using Orleans.Wandb.Silo.Hosting;
using Orleans.Wandb.Web;

if (MaintenanceCommands.IsInvocation(args))
{
    return await MaintenanceCommands.RunAsync(args);
}

// appsettings.json ships next to the binaries; the working directory is where relative DATA_DIR paths start.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddWandbSettings();
builder.AddWandbSilo();
builder.AddWandbObservability();
builder.Services.AddWandbWeb();

var app = builder.Build();
app.UseWandbWeb();
app.UseRouting();
app.MapWandbWeb();
app.Run();
return 0;

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
