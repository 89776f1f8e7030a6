using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// Lets an in-process test say which client address a request comes from (the test server has none): a request
/// carrying <see cref="Header"/> is seen by the app as coming from that address. Only the test factory adds it.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, RequestDelegate nextStep) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextStep(context);
        });
        next(app);
    };
}
