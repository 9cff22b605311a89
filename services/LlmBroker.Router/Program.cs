using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction.Pii;
using LlmBroker.Routing;
using LlmBroker.Sinks;
using LlmBroker.Storage.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging();

// Provider keys stored encrypted in PostgreSQL when a master key is configured; they load before the
// router consumes its first request and are reloaded without restart.
if (builder.Configuration.GetSection(MasterKeyOptions.SectionName).Exists()
    || Environment.GetEnvironmentVariable(MasterKeyOptions.EnvironmentVariable) is { Length: > 0 })
{
    builder.Services.AddPostgresProviderCredentials();
}

builder.Services.AddRouterStages();

// Streamed deltas are scanned for PII the model adds, with the same recognizers as the validator.
builder.Services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
if (builder.Configuration["Postgres:ConnectionString"] is { Length: > 0 })
{
    builder.Services.AddPostgresResponseCache().AddPostgresPrices().AddPostgresRateLimits();
}

builder.Build().Run();
