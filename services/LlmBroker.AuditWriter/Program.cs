using LlmBroker.Messaging.Hosting;
using LlmBroker.Sinks;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddAuditWriterStage();
builder.Build().Run();
