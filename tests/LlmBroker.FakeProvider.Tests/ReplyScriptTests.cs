using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class ReplyScriptTests : FakeProviderTest
{
    [Fact]
    public async Task ScriptReplies_MatchingConversation_RepliesInOrderThenRepeatsTheLast()
    {
        Server.Behavior.ScriptReplies("order", "first", "second");
        var client = Clients.OpenAI(Server);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.GetResponseAsync("in order please")).Text);
        }

        var other = await client.GetResponseAsync("something else");

        Assert.Equal(["first", "second", "second"], answers);
        Assert.Equal("echo: something else", other.Text);
    }

    [Fact]
    public async Task ScriptReplies_FollowUpTurn_ContinuesTheScriptOfTheFirstUserMessage()
    {
        Server.Behavior.ScriptReplies("original", "not yet", "now right");
        var client = Clients.Anthropic(Server);

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "the original question")]);
        var followUp = await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.User, "the original question"),
            new ChatMessage(ChatRole.Assistant, first.Text),
            new ChatMessage(ChatRole.User, "that was wrong, try again"),
        ]);

        Assert.Equal("not yet", first.Text);
        Assert.Equal("now right", followUp.Text);
    }

    [Fact]
    public async Task Reset_ClearsScripts()
    {
        Server.Behavior.ScriptReplies("x", "scripted");

        Server.Behavior.Reset();

        Assert.Equal("echo: x", (await Clients.OpenAI(Server).GetResponseAsync("x")).Text);
    }

    [Fact]
    public void ScriptReplies_NoReplies_Throws() =>
        Assert.Throws<ArgumentException>(() => Server.Behavior.ScriptReplies("x"));
}
