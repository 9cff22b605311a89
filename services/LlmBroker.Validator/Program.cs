using LlmBroker.Messaging.Hosting;
using LlmBroker.Validation;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddValidatorStage();
builder.Build().Run();
