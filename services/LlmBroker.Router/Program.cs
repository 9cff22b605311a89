using LlmBroker.Messaging.Hosting;
using LlmBroker.Routing;
using LlmBroker.Sinks;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddRouterStages();
if (builder.Configuration["Postgres:ConnectionString"] is { Length: > 0 })
{
    builder.Services.AddPostgresResponseCache().AddPostgresPrices();
}

builder.Build().Run();
