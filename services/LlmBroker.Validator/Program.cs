using LlmBroker.Messaging.Hosting;
using LlmBroker.Validation;
using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLlmBrokerMessaging().AddValidatorStage();
builder.Services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
builder.Build().Run();
