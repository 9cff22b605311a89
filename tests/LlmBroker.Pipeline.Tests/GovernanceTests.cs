using Google.Protobuf;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Governance;
using LlmBroker.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Pipeline.Tests;

/// <summary>Authentication and authorization in the redactor, end to end on Kafka and PostgreSQL.</summary>
public sealed class GovernanceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Submit_SignedByValidKey_OkAndOutcomeRecordsKeyAndDefaultTags()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govok");

        var result = await pipeline.Client().SubmitAndWaitAsync(PipelineTestStack.Request("signed hello"), s_timeout);
        var outcome = await pipeline.OutcomeOfAsync(result.RequestId);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("echo: signed hello", result.Output);
        Assert.Equal(pipeline.Key.KeyId, outcome.KeyId);
        Assert.Equal("cc-42", outcome.Tags["cost-center"]);
        await Eventually.TrueAsync(
            async () => await pipeline.Stack.Schema.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE key_id = '{pipeline.Key.KeyId}' AND last_used_at IS NOT NULL") == 1,
            s_timeout,
            "last_used_at written by the batched flush");
    }

    [Fact]
    public async Task Submit_Unsigned_RejectedWithAuditRowAndNotForwarded() =>
        await AssertRejectedAsync("govunsigned", p => p.UnsignedClient(), PipelineTestStack.Request("no signature"), RejectionReasons.Unsigned);

    [Fact]
    public async Task Submit_UnknownKey_Rejected() =>
        await AssertRejectedAsync("govunknown", p => p.Client(keyId: "key_00000000deadbeef", apiKey: KeyMaterial.NewApiKey()), PipelineTestStack.Request("who am i"), RejectionReasons.UnknownKey);

    [Fact]
    public async Task Submit_SignedWithWrongSecret_BadSignature() =>
        await AssertRejectedAsync("govbadsig", p => p.Client(keyId: p.Key.KeyId, apiKey: KeyMaterial.NewApiKey()), PipelineTestStack.Request("forged"), RejectionReasons.BadSignature);

    [Fact]
    public async Task Submit_ContentChangedAfterSigning_BadSignature()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govtamper");
        var request = Signed(pipeline, PipelineTestStack.Request("pay 10 dollars"), DateTimeOffset.UtcNow);
        request.Messages[0].Content = "pay 1000 dollars";

        await PublishAsync(pipeline, request);
        var outcome = await pipeline.OutcomeOfAsync(request.RequestId);

        Assert.Equal(ResultStatus.Rejected, outcome.Status);
        Assert.Equal(RejectionReasons.BadSignature, outcome.RejectionReason);
        await pipeline.AssertNotForwardedAsync(request.RequestId);
    }

    [Fact]
    public async Task Submit_SignedTenMinutesAgo_SignatureExpired()
    {
        var late = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        await AssertRejectedAsync("govskew", p => p.Client(time: late), PipelineTestStack.Request("stale"), RejectionReasons.SignatureExpired);
    }

    [Fact]
    public async Task Submit_RevokedKey_Rejected()
    {
        await AssertRejectedAsync(
            "govrevoked",
            p => p.Client(),
            PipelineTestStack.Request("revoked"),
            RejectionReasons.KeyRevoked,
            async p =>
            {
                Assert.True(await p.Store.RevokeKeyAsync(p.Key.KeyId));
                await p.WaitForSnapshotAsync(s => s.Keys[p.Key.KeyId].RevokedAt is not null, "the revocation to reach the redactor");
            });
    }

    [Fact]
    public async Task Submit_ExpiredKey_Rejected()
    {
        CreatedApiKey? expired = null;
        await AssertRejectedAsync(
            "govexpired",
            p => p.Client(expired),
            PipelineTestStack.Request("expired key"),
            RejectionReasons.KeyExpired,
            async p =>
            {
                expired = await p.Store.CreateKeyAsync(GovernedPipeline.Tenant, GovernedPipeline.AppName, DateTimeOffset.UtcNow.AddMinutes(-1));
                await p.WaitForSnapshotAsync(s => s.Keys.ContainsKey(expired.KeyId), "the new key to reach the redactor");
            });
    }

    [Fact]
    public async Task Submit_ModelNotAllowedForApp_Forbidden() =>
        await AssertRejectedAsync("govmodel", p => p.Client(), PipelineTestStack.Request("big model please", "gpt-4o"), RejectionReasons.ModelNotAllowed, code: ErrorCodes.Forbidden);

    [Fact]
    public async Task Submit_LaneNotAllowedForApp_Forbidden()
    {
        var request = PipelineTestStack.Request("batch me");
        request.BatchId = "b1";
        await AssertRejectedAsync("govlane", p => p.Client(), request, RejectionReasons.LaneNotAllowed, code: ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Publish_SameSignedRequestAtTwoOffsets_SecondIsReplayAuditedAndDeadLetteredWithoutSecondResult()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govreplay");
        var request = Signed(pipeline, PipelineTestStack.Request("once only"), DateTimeOffset.UtcNow);

        await PublishAsync(pipeline, request);
        await PublishAsync(pipeline, request);
        var letter = (await pipeline.Stack.Kafka.ConsumeUntilAsync(pipeline.Stack.Names.DeadLetters, all => all.Count >= 1, s_timeout)).Single();
        await pipeline.Stack.WaitForGroupToCatchUpAsync("llmbroker-validator", pipeline.Stack.Names.Responses, s_timeout);
        await Eventually.TrueAsync(async () => (await pipeline.ReadAllAsync<Result>(pipeline.Stack.Names.Results)).Any(r => r.RequestId == request.RequestId), s_timeout, "the first result");
        var results = (await pipeline.ReadAllAsync<Result>(pipeline.Stack.Names.Results)).Where(r => r.RequestId == request.RequestId).ToList();
        var outcomes = (await pipeline.ReadAllAsync<Outcome>(pipeline.Stack.Names.Outcomes)).Where(o => o.RequestId == request.RequestId).ToList();

        Assert.Equal(ResultStatus.Ok, Assert.Single(results).Status);
        Assert.Contains(outcomes, o => o.Status == ResultStatus.Rejected && o.RejectionReason == RejectionReasons.Replayed);
        var decoded = DeadLetter.Parser.ParseFrom(letter.Message.Value);
        Assert.Equal(RejectionReasons.Replayed, decoded.Reason);
        Assert.Equal(request.RequestId, decoded.RequestId);
        Assert.Single(pipeline.Stack.Provider.Requests);
    }

    [Fact]
    public async Task Rotate_OldKeyWorksDuringGraceThenRejected_NewKeyWorks()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var pipeline = await GovernedPipeline.StartAsync("govrotate", clock);
        var newKey = await pipeline.Store.RotateKeyAsync(pipeline.Key.KeyId, TimeSpan.FromHours(1));
        await pipeline.WaitForSnapshotAsync(s => s.Keys.ContainsKey(newKey.KeyId), "the rotated key to reach the redactor");
        var oldClient = pipeline.Client();
        var newClient = pipeline.Client(newKey);

        var oldDuringGrace = await oldClient.SubmitAndWaitAsync(PipelineTestStack.Request("old key in grace"), s_timeout);
        var newDuringGrace = await newClient.SubmitAndWaitAsync(PipelineTestStack.Request("new key in grace"), s_timeout);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var oldAfterGrace = await oldClient.SubmitAndWaitAsync(PipelineTestStack.Request("old key after grace"), s_timeout);
        var newAfterGrace = await newClient.SubmitAndWaitAsync(PipelineTestStack.Request("new key after grace"), s_timeout);

        Assert.Equal(ResultStatus.Ok, oldDuringGrace.Status);
        Assert.Equal(ResultStatus.Ok, newDuringGrace.Status);
        Assert.Equal(ResultStatus.Rejected, oldAfterGrace.Status);
        Assert.StartsWith(RejectionReasons.KeyExpired, oldAfterGrace.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Ok, newAfterGrace.Status);
        var keys = await pipeline.Store.ListKeysAsync(GovernedPipeline.Tenant, GovernedPipeline.AppName);
        Assert.Equal(newKey.KeyId, keys.Single(k => k.KeyId == pipeline.Key.KeyId).ReplacedBy);
    }

    [Fact]
    public async Task Template_ProductionLabelMoved_NextRequestRendersNewVersionWithoutRestart()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govtemplate");
        var v1 = await pipeline.Store.AddTemplateAsync("greet", [new TemplateMessage("system", "Be brief."), new TemplateMessage("user", "Hello {{ name }}")]);
        await pipeline.Store.LabelTemplateAsync("greet", "production", v1);
        await pipeline.WaitForSnapshotAsync(s => s.Labels.TryGetValue(("greet", "production"), out var v) && v == v1, "label production → v1");
        var client = pipeline.Client();

        var first = await client.SubmitAndWaitAsync(TemplateRequest("Ada"), s_timeout);
        var v2 = await pipeline.Store.AddTemplateAsync("greet", [new TemplateMessage("user", "Hi {{ name | upcase }}!")]);
        await pipeline.Store.LabelTemplateAsync("greet", "production", v2);
        await pipeline.WaitForSnapshotAsync(s => s.Labels.TryGetValue(("greet", "production"), out var v) && v == v2, "label production → v2");
        var second = await client.SubmitAndWaitAsync(TemplateRequest("Ada"), s_timeout);
        var outcome = await pipeline.OutcomeOfAsync(second.RequestId);

        Assert.Equal("echo: Hello Ada", first.Output);
        Assert.Equal("echo: Hi ADA!", second.Output);
        Assert.Equal("greet", outcome.TemplateName);
        Assert.Equal(v2, outcome.TemplateVersion);
        Assert.Equal(2, v2);
    }

    [Fact]
    public async Task Template_UnknownLabel_RejectedInvalidRequest()
    {
        var request = TemplateRequest("Ada");
        request.Template.Label = "staging";
        await AssertRejectedAsync("govnotemplate", p => p.Client(), request, RejectionReasons.UnknownTemplate, code: ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task KafkaPrincipalApp_TrustedPrincipalAccepted_OtherPrincipalRejected()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govprincipal");
        await pipeline.Store.AddAppAsync(new AppPolicy { Tenant = "acme", App = "legacy", AuthMode = AppAuthModes.KafkaPrincipal, KafkaPrincipals = ["User:legacy-batch"] });
        await pipeline.WaitForSnapshotAsync(s => s.Apps.ContainsKey(("acme", "legacy")), "the app to reach the redactor");
        var trusted = Unsigned("from the trusted proxy");
        var other = Unsigned("from someone else");

        await pipeline.Stack.Kafka.ProduceAsync(pipeline.Stack.Names.Requests, null, trusted.ToByteArray(), GovernedPipeline.PrincipalHeader("User:legacy-batch"));
        await pipeline.Stack.Kafka.ProduceAsync(pipeline.Stack.Names.Requests, null, other.ToByteArray(), GovernedPipeline.PrincipalHeader("User:mallory"));
        var accepted = await pipeline.OutcomeOfAsync(trusted.RequestId);
        var refused = await pipeline.OutcomeOfAsync(other.RequestId);

        Assert.Equal(ResultStatus.Ok, accepted.Status);
        Assert.Equal("", accepted.KeyId);
        Assert.Equal(ResultStatus.Rejected, refused.Status);
        Assert.Equal(RejectionReasons.PrincipalNotAllowed, refused.RejectionReason);
        await pipeline.AssertNotForwardedAsync(other.RequestId);

        static PromptRequest Unsigned(string content)
        {
            var request = PipelineTestStack.Request(content);
            request.RequestId = RequestIds.New(DateTimeOffset.UtcNow);
            request.Tenant = "acme";
            request.App = "legacy";
            return request;
        }
    }

    [Fact]
    public async Task KeyStorage_AfterCreateAndUse_NoTableHoldsTheKeyOrItsSigningKey()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("govstorage", stages: PipelineStages.Workers | PipelineStages.Sinks);
        var result = await pipeline.Client().SubmitAndWaitAsync(PipelineTestStack.Request("store nothing secret"), s_timeout);
        await Eventually.TrueAsync(async () => await pipeline.Stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 1, s_timeout, "the audit row");
        var signingKey = RequestSigning.DeriveSigningKey(pipeline.Key.ApiKey);
        var secrets = new[]
        {
            pipeline.Key.ApiKey,
            pipeline.Key.ApiKey[KeyMaterial.ApiKeyPrefix.Length..],
            Convert.ToHexStringLower(signingKey),
            Convert.ToBase64String(signingKey),
            Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(pipeline.Key.ApiKey)),
        };

        var tables = await pipeline.Stack.Schema.ScalarAsync<string>(
            $"SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = '{pipeline.Stack.Schema.Name}' AND table_type = 'BASE TABLE'");
        var dump = new System.Text.StringBuilder();
        foreach (var table in tables.Split(','))
        {
            dump.Append(await pipeline.Stack.Schema.ScalarAsync<string>($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t"));
        }

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Contains("api_keys", tables, StringComparison.Ordinal);
        Assert.Contains(pipeline.Key.KeyId, dump.ToString(), StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, dump.ToString(), StringComparison.Ordinal));
    }

    private static PromptRequest TemplateRequest(string name)
    {
        var request = new PromptRequest { Model = "gpt-4o-mini", Template = new TemplateRef { Name = "greet", Label = "production" } };
        request.Template.Variables["name"] = name;
        return request;
    }

    private static PromptRequest Signed(GovernedPipeline pipeline, PromptRequest request, DateTimeOffset at)
    {
        request.RequestId = RequestIds.New(at);
        request.Tenant = GovernedPipeline.Tenant;
        request.App = GovernedPipeline.AppName;
        RequestSigning.Sign(request, pipeline.Key.KeyId, RequestSigning.DeriveSigningKey(pipeline.Key.ApiKey), at);
        return request;
    }

    private static async Task PublishAsync(GovernedPipeline pipeline, PromptRequest request)
    {
        using var publisher = (IDisposable)MessagingClients.CreatePublisher(new KafkaOptions { BootstrapServers = pipeline.Stack.Kafka.BootstrapServers });
        await ((IMessagePublisher)publisher).PublishAsync(pipeline.Stack.Names.Requests, request.RequestId, request);
    }

    private static async Task AssertRejectedAsync(
        string name,
        Func<GovernedPipeline, Client.LlmBrokerClient> client,
        PromptRequest request,
        string reason,
        Func<GovernedPipeline, Task>? arrange = null,
        string code = ErrorCodes.Unauthenticated)
    {
        await using var pipeline = await GovernedPipeline.StartAsync(name);
        if (arrange is not null)
        {
            await arrange(pipeline);
        }

        var result = await client(pipeline).SubmitAndWaitAsync(request, s_timeout);
        var outcome = await pipeline.OutcomeOfAsync(result.RequestId);

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.Equal(code, result.Error.Code);
        Assert.StartsWith(reason + ":", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Rejected, outcome.Status);
        Assert.Equal(reason, outcome.RejectionReason);
        Assert.Equal(code, outcome.Error.Code);
        Assert.Empty(outcome.RedactedMessages);
        await pipeline.AssertNotForwardedAsync(result.RequestId);
        Assert.Empty(pipeline.Stack.Provider.Requests);
        await Eventually.TrueAsync(
            async () => await pipeline.Stack.Schema.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE request_id = '{result.RequestId}' AND event = 'rejected'") == 1,
            s_timeout,
            "the audit row of the refusal");
        Assert.StartsWith(reason + ":", await pipeline.Stack.Schema.ScalarAsync<string>($"SELECT error_message FROM audit_log WHERE request_id = '{result.RequestId}'"), StringComparison.Ordinal);
        if (outcome.KeyId.Length > 0)
        {
            Assert.Equal(outcome.KeyId, await pipeline.Stack.Schema.ScalarAsync<string>($"SELECT key_id FROM audit_log WHERE request_id = '{result.RequestId}'"));
        }
    }
}

/// <summary>Start-up checks of the authentication configuration.</summary>
public sealed class GovernanceConfigurationTests
{
    [Fact]
    public async Task Start_SignedModeWithoutSecrets_FailsListingEveryError()
    {
        using var host = PipelineHost.Build(
            new PipelineSettings
            {
                BootstrapServers = "127.0.0.1:1",
                PostgresConnectionString = "Host=127.0.0.1;Port=1;Username=nobody",
                ProviderEndpoint = new Uri("http://127.0.0.1:1/v1"),
                Configuration = { ["Authentication:Mode"] = "Signed", ["Authentication:ClockSkew"] = "-00:01:00" },
            },
            PipelineStages.Redactor);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Authentication:MasterKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Authentication:KeyPepper", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Authentication:ClockSkew", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WrongMasterKey_FailsNamingTheKeyThatDoesNotDecrypt()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "govmaster");
        var store = new GovernanceStore(stack.Schema.DataSource, new KeyMaterial(KeyMaterial.NewSecretBase64(), "m1", KeyMaterial.NewSecretBase64()));
        await store.AddAppAsync(new AppPolicy { Tenant = "acme", App = "web" });
        var key = await store.CreateKeyAsync("acme", "web");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stack.StartHostAsync(
            PipelineStages.Redactor,
            new Dictionary<string, string?>
            {
                ["Authentication:Mode"] = AuthenticationModes.Signed,
                ["Authentication:MasterKey"] = KeyMaterial.NewSecretBase64(),
                ["Authentication:KeyPepper"] = KeyMaterial.NewSecretBase64(),
            }));

        Assert.Contains(key.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:MasterKey", error.Message, StringComparison.Ordinal);
    }
}
