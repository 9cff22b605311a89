using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction;
using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddRedactorStage();
builder.Services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
builder.Build().Run();
