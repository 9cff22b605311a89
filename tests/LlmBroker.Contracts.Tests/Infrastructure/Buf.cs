using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmBroker.Contracts.Tests.Infrastructure;

/// <summary>
/// The buf CLI pinned in contracts/package.json. On a fresh clone contracts/node_modules is absent, so the first
/// caller runs <c>npm ci --prefix contracts</c>; the others wait for it (an in-process lock for parallel tests and a
/// file lock for parallel test processes).
/// </summary>
internal static class Buf
{
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim s_installGate = new(1, 1);
    private static string? s_executable;

    public static string ContractsDirectory => RepositoryRoot.Combine("contracts");

    /// <summary>Runs buf with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var executable = await EnsureInstalledAsync();
        return await ProcessRunner.RunAsync(executable, arguments, workingDirectory, s_runTimeout);
    }

    /// <summary>Path of contracts/node_modules/.bin/buf, installing it first when it is missing or not the pinned version.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        if (s_executable is not null)
        {
            return s_executable;
        }

        await s_installGate.WaitAsync();
        try
        {
            if (s_executable is not null)
            {
                return s_executable;
            }

            var executable = Path.Combine(ContractsDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "buf.cmd" : "buf");
            if (!IsPinnedVersionInstalled(executable))
            {
                await using var fileLock = await AcquireInstallFileLockAsync();
                if (!IsPinnedVersionInstalled(executable))
                {
                    await InstallAsync();
                }
            }

            if (!File.Exists(executable))
            {
                throw new InvalidOperationException($"npm ci finished but {executable} does not exist.");
            }

            s_executable = executable;
            return executable;
        }
        finally
        {
            s_installGate.Release();
        }
    }

    private static bool IsPinnedVersionInstalled(string executable)
    {
        var installedManifest = Path.Combine(ContractsDirectory, "node_modules", "@bufbuild", "buf", "package.json");
        if (!File.Exists(executable) || !File.Exists(installedManifest))
        {
            return false;
        }

        return PinnedVersion() == ReadString(installedManifest, "version");
    }

    private static string PinnedVersion()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractsDirectory, "package.json")));
        return manifest.RootElement.GetProperty("devDependencies").GetProperty("@bufbuild/buf").GetString()
            ?? throw new InvalidOperationException("contracts/package.json pins no @bufbuild/buf version.");
    }

    private static string? ReadString(string jsonFile, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(jsonFile));
        return document.RootElement.TryGetProperty(property, out var value) ? value.GetString() : null;
    }

    private static async Task InstallAsync()
    {
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var result = await ProcessRunner.RunAsync(
            npm,
            ["ci", "--prefix", "contracts", "--no-audit", "--no-fund"],
            RepositoryRoot.Path,
            s_installTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci --prefix contracts failed:\n{result.Output}");
        }
    }

    /// <summary>
    /// An exclusive lock on a file in the temp folder, named after the checkout. <c>npm ci</c> deletes node_modules
    /// first, so the lock cannot live there.
    /// </summary>
    private static async Task<FileStream> AcquireInstallFileLockAsync()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryRoot.Path)))[..16];
        var lockPath = Path.Combine(Path.GetTempPath(), $"llmbroker-buf-install-{hash}.lock");
        using var deadline = new CancellationTokenSource(s_installTimeout);
        while (true)
        {
            try
            {
                // The file stays behind on purpose: deleting it on release would let two waiters lock two different files.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
                // Another test process is installing; poll the lock until it is released or the deadline passes.
                await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            }
        }
    }
}
