using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddRedactorStage();
builder.Build().Run();
