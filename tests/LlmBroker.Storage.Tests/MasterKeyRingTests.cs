using System.Security.Cryptography;
using LlmBroker.Storage.Secrets;

namespace LlmBroker.Storage.Tests;

public sealed class MasterKeyRingTests
{
    private static readonly byte[] s_k1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_k2 = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void SealOpen_RoundTripsAndRecordsTheKeyId()
    {
        var ring = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = s_k1 }, "k1");

        var sealedValue = ring.Seal("sk-live-secret", "row:a");

        Assert.Equal("k1", MasterKeyRing.KeyIdOf(sealedValue));
        Assert.Equal("sk-live-secret", ring.Open(sealedValue, "row:a"));
        Assert.NotEqual(sealedValue, ring.Seal("sk-live-secret", "row:a"));
    }

    [Fact]
    public void Open_AfterMasterKeyRotation_OldValuesStillOpenAndNewOnesUseTheNewKey()
    {
        var before = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = s_k1 }, "k1");
        var old = before.Seal("secret-a", "row:a");
        var after = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = s_k1, ["k2"] = s_k2 }, "k2");

        Assert.Equal("secret-a", after.Open(old, "row:a"));
        Assert.Equal("k2", MasterKeyRing.KeyIdOf(after.Seal("secret-b", "row:b")));
    }

    [Fact]
    public void Open_TamperedOtherRowOrUnknownKey_ThrowsWithoutTheSecret()
    {
        var ring = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = s_k1 }, "k1");
        var sealedValue = ring.Seal("sk-do-not-print", "row:a");
        var tampered = sealedValue.ToArray();
        tampered[^1] ^= 1;
        var other = new MasterKeyRing(new Dictionary<string, byte[]> { ["k9"] = s_k2 }, "k9");

        var errors = new[]
        {
            Assert.ThrowsAny<CryptographicException>(() => ring.Open(tampered, "row:a")),
            Assert.ThrowsAny<CryptographicException>(() => ring.Open(sealedValue, "row:b")),
            Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedValue, "row:a")),
            Assert.ThrowsAny<CryptographicException>(() => ring.Open([1, 2, 3], "row:a")),
        };

        Assert.Contains("'k1', which is not configured", errors[2].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.DoesNotContain("sk-do-not-print", e.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Convert.ToBase64String(s_k1), ring.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadOptions_ListsEveryError()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["# keys", "fileKey=" + Convert.ToBase64String(s_k1), "no equals sign"]);
        try
        {
            var options = new MasterKeyOptions
            {
                MasterKeys = { ["short"] = Convert.ToBase64String(new byte[16]), ["bad"] = "not base64!" },
                MasterKeyFile = file,
                ActiveKeyId = "missing",
            };

            var error = Assert.Throws<InvalidOperationException>(() => MasterKeyRing.Create(options, ":" + Convert.ToBase64String(s_k2)));

            Assert.Contains("key 'short' is 16 bytes", error.Message, StringComparison.Ordinal);
            Assert.Contains("key 'bad' is not valid base64", error.Message, StringComparison.Ordinal);
            Assert.Contains("line 3: expected id=base64", error.Message, StringComparison.Ordinal);
            Assert.Contains("LLMBROKER_MASTER_KEY: expected id:base64 or base64", error.Message, StringComparison.Ordinal);
            Assert.Contains("the active key 'missing' is not configured", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Create_NoKeyAnywhere_SaysHowToMakeOne()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MasterKeyRing.Create(new MasterKeyOptions(), null));

        Assert.Contains("no master key configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BareEnvironmentKey_IsTheDefaultKey()
    {
        var ring = MasterKeyRing.Create(new MasterKeyOptions(), Convert.ToBase64String(s_k1));

        Assert.Equal("default", ring.ActiveKeyId);
    }

    [Fact]
    public void Create_EnvironmentKeyOnly_IsActive()
    {
        var ring = MasterKeyRing.Create(new MasterKeyOptions(), "prod-2026:" + Convert.ToBase64String(s_k2));

        Assert.Equal("prod-2026", ring.ActiveKeyId);
    }
}

public sealed class ProviderCredentialStoreTests : PostgresTest
{
    private readonly MasterKeyRing _ring = new(new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, "k1");

    [Fact]
    public async Task AddRotateRevoke_ActiveKeysFollowAndOnlyLast4IsInClear()
    {
        var store = new ProviderCredentialStore(DataSource, _ring);
        var first = await store.AddAsync("openai-east", "sk-first-0000000001", CancellationToken.None);
        var second = await store.AddAsync("openai-east", "sk-second-000000002", CancellationToken.None);
        await store.AddAsync("azure-west", "az-key-00000000003", CancellationToken.None);

        var active = await store.LoadActiveAsync(CancellationToken.None);
        Assert.Equal(["sk-first-0000000001", "sk-second-000000002"], active["openai-east"].Select(k => k.Value));
        Assert.Equal("provider key #" + first.Id + " of openai-east", active["openai-east"][0].ToString());

        var (added, retired) = await store.RotateAsync("openai-east", "sk-third-000000004", CancellationToken.None);
        Assert.Equal(2, retired);
        active = await store.LoadActiveAsync(CancellationToken.None);
        Assert.Equal(["sk-third-000000004"], active["openai-east"].Select(k => k.Value));
        Assert.Single(active["azure-west"]);

        Assert.True(await store.RevokeAsync(added.Id, CancellationToken.None));
        Assert.False(await store.RevokeAsync(added.Id, CancellationToken.None));
        active = await store.LoadActiveAsync(CancellationToken.None);
        Assert.False(active.ContainsKey("openai-east"));

        var listed = await store.ListAsync("openai-east", CancellationToken.None);
        Assert.Equal(["revoked", "retired", "retired"], listed.Select(k => k.Status));
        Assert.Equal("0004", listed[0].Last4);
        Assert.Equal(second.Id, listed[1].Id);
        var everything = await Db.ScalarAsync<string>("SELECT string_agg(t::text, ' ') FROM provider_credentials t");
        Assert.DoesNotContain("sk-first", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString("sk-first"u8).ToLowerInvariant(), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealedKeyMovedToAnotherDeployment_DoesNotDecrypt()
    {
        var store = new ProviderCredentialStore(DataSource, _ring);
        await store.AddAsync("a", "sk-aaaaaaaaaaaaaaaa", CancellationToken.None);
        await store.AddAsync("b", "sk-bbbbbbbbbbbbbbbb", CancellationToken.None);

        await Db.ExecuteAsync("UPDATE provider_credentials SET sealed_key = (SELECT sealed_key FROM provider_credentials WHERE deployment = 'a') WHERE deployment = 'b'");

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.LoadActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Rewrap_AfterMasterKeyRotation_EveryKeyUnderTheNewMasterKey()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var before = new ProviderCredentialStore(DataSource, new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = k1 }, "k1"));
        await before.AddAsync("a", "sk-aaaaaaaaaaaaaaaa", CancellationToken.None);
        await before.AddAsync("b", "sk-bbbbbbbbbbbbbbbb", CancellationToken.None);
        var both = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = RandomNumberGenerator.GetBytes(32) }, "k2");

        var rewrapped = await new ProviderCredentialStore(DataSource, both).RewrapAsync(CancellationToken.None);

        Assert.Equal(2, rewrapped);
        Assert.Equal(2L, await Db.ScalarAsync<long>("SELECT count(*) FROM provider_credentials WHERE master_key_id = 'k2'"));
        Assert.Equal("sk-aaaaaaaaaaaaaaaa", (await new ProviderCredentialStore(DataSource, both).LoadActiveAsync(CancellationToken.None))["a"][0].Value);
    }
}
