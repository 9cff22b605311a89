using LlmBroker.Contracts.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LlmBroker.Contracts.Tests;

/// <summary>
/// The backward-compatibility guard (buf breaking, rule set WIRE_JSON from contracts/buf.yaml): the working tree's
/// protos against the previous commit's, and proof on local copies that the check does catch a break.
/// </summary>
public sealed class BufBreakingTests(ITestOutputHelper output)
{
    private const string BufFileAnnotationsExitCode = "100";
    private const string RequestProto = "proto/llmbroker/v1/request.proto";

    [Fact]
    public async Task BufBreaking_WorkingTreeAgainstPreviousCommit_ReportsNoBreakingChange()
    {
        var previous = await PreviousContractsCommitAsync();
        if (previous.Commit is null)
        {
            // Nothing to compare with: the check passes trivially, and says why.
            output.WriteLine($"NOTE: breaking-change check skipped: {previous.Note}");
            return;
        }

        // buf reads the previous commit straight from the local repository (format=git works for a normal
        // checkout and for a linked worktree, whose .git is a file).
        var against = $"{RepositoryRoot.Path}#format=git,subdir=contracts,ref={previous.Commit}";
        var result = await Buf.RunAsync(RepositoryRoot.Path, "breaking", "contracts", "--against", against);

        output.WriteLine($"buf breaking contracts --against '{against}'");
        output.WriteLine(result.Output);
        Assert.True(
            result.ExitCode == 0,
            $"The protos in the working tree break compatibility with commit {previous.Commit} " +
            $"(add fields, never renumber, retype or delete them; reserve what you remove):\n{result.Output}");
    }

    [Theory]
    [InlineData("string tenant = 2;", "int32 tenant = 2;", "FIELD_WIRE_JSON_COMPATIBLE_TYPE")]
    [InlineData("string tenant = 2;", "string tenant = 20;", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED")]
    [InlineData("string tenant = 2;", "string tenant_name = 2;", "FIELD_SAME_JSON_NAME")]
    public async Task BufBreaking_IncompatibleFieldChange_ReportsBreakingChange(string original, string changed, string expectedRule)
    {
        using var workspace = new TemporaryDirectory();
        var (_, after) = CopyContracts(workspace.Path);
        ReplaceOnce(Path.Combine(after, RequestProto), original, changed);

        var result = await Buf.RunAsync(workspace.Path, "breaking", "after", "--against", "before", "--error-format", "json");

        output.WriteLine(result.Output);
        Assert.True(
            result.ExitCode.ToString() == BufFileAnnotationsExitCode,
            $"Expected buf breaking to report '{original}' -> '{changed}':\n{result.Output}");
        Assert.Contains($"\"type\":\"{expectedRule}\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PromptRequest", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BufBreaking_AddedField_ExitsZero()
    {
        using var workspace = new TemporaryDirectory();
        var (_, after) = CopyContracts(workspace.Path);
        ReplaceOnce(Path.Combine(after, RequestProto), "StageTimes times = 16;", "StageTimes times = 16;\n  string added_later = 99;");

        var result = await Buf.RunAsync(workspace.Path, "breaking", "after", "--against", "before");

        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"Adding a field must be allowed:\n{result.Output}");
    }

    /// <summary>Copies contracts/buf.yaml and contracts/proto into <c>before</c> and <c>after</c> under <paramref name="root"/>.</summary>
    private static (string Before, string After) CopyContracts(string root)
    {
        var before = Path.Combine(root, "before");
        var after = Path.Combine(root, "after");
        foreach (var target in new[] { before, after })
        {
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(Buf.ContractsDirectory, "buf.yaml"), Path.Combine(target, "buf.yaml"));
            CopyDirectory(Path.Combine(Buf.ContractsDirectory, "proto"), Path.Combine(target, "proto"));
        }

        return (before, after);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*.proto", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static void ReplaceOnce(string file, string original, string replacement)
    {
        var text = File.ReadAllText(file);
        var index = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(original, index + 1, StringComparison.Ordinal) < 0, $"'{original}' must occur exactly once in {file}.");
        File.WriteAllText(file, string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + original.Length)));
    }

    private static async Task<(string? Commit, string Note)> PreviousContractsCommitAsync()
    {
        var root = RepositoryRoot.Path;
        ProcessResult parent;
        try
        {
            parent = await Git(root, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}");
        }
        catch (InvalidOperationException e)
        {
            return (null, $"git is not available ({e.Message}).");
        }

        if (parent.ExitCode != 0)
        {
            var shallow = await Git(root, "rev-parse", "--is-shallow-repository");
            return shallow.StandardOutput.Trim() == "true"
                ? (null, "HEAD's parent is not in this shallow clone; fetch more history (git fetch --deepen=1) to run the check.")
                : (null, "HEAD has no parent commit (or this folder is not a git checkout).");
        }

        var commit = parent.StandardOutput.Trim();
        var protos = await Git(root, "ls-tree", "-r", "--name-only", commit, "--", "contracts/proto");
        var config = await Git(root, "cat-file", "-e", $"{commit}:contracts/buf.yaml");
        if (config.ExitCode != 0 || !protos.StandardOutput.Contains(".proto", StringComparison.Ordinal))
        {
            return (null, $"the previous commit {commit} has no contracts (contracts/buf.yaml and protos) to compare with.");
        }

        return (commit, "");
    }

    private static Task<ProcessResult> Git(string root, params string[] arguments) =>
        ProcessRunner.RunAsync("git", arguments, root, TimeSpan.FromMinutes(1));
}
