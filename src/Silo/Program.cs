using Orleans.Wandb.Silo.Hosting;
using Orleans.Wandb.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddWandbSettings();
builder.AddWandbSilo();
builder.Services.AddWandbWeb();

var app = builder.Build();
app.UseWandbWeb();
app.UseRouting();
app.MapWandbWeb();
app.Run();

/// <summary>The silo host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
