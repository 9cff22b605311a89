using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LlmBroker.Deployment.Tests;

/// <summary>
/// docker-compose.yml cannot run on a machine without a Docker engine, so these tests keep it consistent with the
/// repository instead: the projects it builds, the shared Dockerfile, and the configuration keys it sets.
/// </summary>
public sealed class DockerComposeTests
{
    private const string SharedDockerfile = "infra/docker/Dockerfile";
    private const string CliProject = "services/LlmBroker.Cli/LlmBroker.Cli.csproj";

    /// <summary>Every deployable of the pipeline; each must be built by a compose service.</summary>
    public static TheoryData<string> Deployables =>
    [
        "services/LlmBroker.Redactor/LlmBroker.Redactor.csproj",
        "services/LlmBroker.Router/LlmBroker.Router.csproj",
        "services/LlmBroker.Validator/LlmBroker.Validator.csproj",
        "services/LlmBroker.AuditWriter/LlmBroker.AuditWriter.csproj",
        "services/LlmBroker.CostRollup/LlmBroker.CostRollup.csproj",
        "services/LlmBroker.CacheWriter/LlmBroker.CacheWriter.csproj",
        "services/LlmBroker.FakeProvider/LlmBroker.FakeProvider.csproj",
        CliProject,
    ];

    private static IEnumerable<ComposeService> BuiltServices => ComposeFile.Services.Where(s => s.IsBuilt);

    [Theory]
    [MemberData(nameof(Deployables))]
    public void ComposeFile_Deployable_HasServiceBuildingIt(string project)
    {
        var builders = BuiltServices.Where(s => s.BuildArgs.GetValueOrDefault("PROJECT") == project).Select(s => s.Name);

        Assert.True(builders.Any(), $"No service in {ComposeFile.RelativePath} has build arg PROJECT: {project}.");
    }

    [Fact]
    public void ComposeFile_ProjectBuildArgs_NameExistingProjects()
    {
        var missing = BuiltServices
            .Where(s => s.BuildArgs.TryGetValue("PROJECT", out var project)
                && (!project.EndsWith(".csproj", StringComparison.Ordinal) || !File.Exists(RepositoryRoot.Combine(project))))
            .Select(s => $"{s.Name}: {s.BuildArgs["PROJECT"]}")
            .ToArray();

        Assert.True(missing.Length == 0, $"These services build a .csproj that is not in the repository:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void ComposeFile_AppBuildArgs_MatchAssemblyNames()
    {
        var mismatches = new List<string>();
        foreach (var service in BuiltServices)
        {
            var project = service.BuildArgs.GetValueOrDefault("PROJECT");
            if (project is null || !File.Exists(RepositoryRoot.Combine(project)))
            {
                continue; // Reported by ComposeFile_ProjectBuildArgs_NameExistingProjects.
            }

            var assemblyName = AssemblyNameOf(project);
            if (service.BuildArgs.GetValueOrDefault("APP") != assemblyName)
            {
                mismatches.Add($"{service.Name}: APP is '{service.BuildArgs.GetValueOrDefault("APP")}', {project} builds '{assemblyName}'");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public void ComposeFile_CliService_BuildsAssemblyNamedLlmbroker()
    {
        var cli = Assert.Single(BuiltServices, s => s.BuildArgs.GetValueOrDefault("PROJECT") == CliProject);

        Assert.Equal("llmbroker", cli.BuildArgs.GetValueOrDefault("APP"));
    }

    [Fact]
    public void ComposeFile_BuiltServices_UseSharedDockerfileFromRepositoryRoot()
    {
        Assert.True(File.Exists(RepositoryRoot.Combine(SharedDockerfile)), $"{SharedDockerfile} is missing.");
        var dockerfile = File.ReadAllText(RepositoryRoot.Combine(SharedDockerfile));
        Assert.Matches(ArgDeclaration("PROJECT"), dockerfile);
        Assert.Matches(ArgDeclaration("APP"), dockerfile);

        Assert.All(BuiltServices, service =>
        {
            Assert.Equal(".", service.BuildContext);
            Assert.Equal(SharedDockerfile, service.Dockerfile);
            Assert.Contains("PROJECT", service.BuildArgs.Keys);
            Assert.Contains("APP", service.BuildArgs.Keys);
        });
    }

    [Fact]
    public void ComposeFile_SectionEnvironmentVariables_MatchConfigurationKeysInCode()
    {
        var problems = new List<string>();
        foreach (var service in ComposeFile.Services)
        {
            foreach (var variable in service.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)))
            {
                var segments = variable.Split("__");
                var section = segments[0];
                var key = segments.Skip(1).LastOrDefault(s => !s.All(char.IsAsciiDigit));
                if (!ServiceSources.SectionNames.Contains(section))
                {
                    problems.Add($"{service.Name}: {variable}: no `SectionName = \"{section}\"` in services/**/*.cs");
                }

                if (key is null || !ServiceSources.PublicPropertyNames.Contains(key))
                {
                    problems.Add($"{service.Name}: {variable}: no public property `{key}` in services/**/*.cs");
                }
            }
        }

        Assert.True(problems.Count == 0, $"Settings in {ComposeFile.RelativePath} that no code reads:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void ComposeFile_ApiKeyEnvSettings_NameVariablesSetOnSameService()
    {
        var references = ComposeFile.Services
            .SelectMany(s => s.Environment
                .Where(e => e.Key.EndsWith("__ApiKeyEnv", StringComparison.Ordinal))
                .Select(e => (Service: s, Setting: e.Key, Variable: e.Value)))
            .ToArray();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(
            r.Service.Environment.ContainsKey(r.Variable),
            $"{r.Service.Name}: {r.Setting} names {r.Variable}, which the service does not set."));
    }

    [Fact]
    public void ComposeFile_Workers_StartAfterTopicsServiceCompletes()
    {
        var topics = Assert.Single(ComposeFile.Services, s => s.Name == "topics");
        Assert.Equal(CliProject, topics.BuildArgs.GetValueOrDefault("PROJECT"));
        var script = string.Join(' ', topics.Command);
        Assert.Contains("llmbroker topics create", script, StringComparison.Ordinal);
        Assert.Contains("llmbroker migrate", script, StringComparison.Ordinal);

        Assert.All(BuiltServices.Where(s => s.Name != "topics"), worker => Assert.True(
            worker.DependsOn.GetValueOrDefault("topics") == "service_completed_successfully",
            $"{worker.Name} must depend on topics with condition service_completed_successfully."));
    }

    private static string AssemblyNameOf(string project)
    {
        var document = XDocument.Load(RepositoryRoot.Combine(project));
        var declared = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(project) : declared;
    }

    private static Regex ArgDeclaration(string name) => new($@"(?m)^\s*ARG\s+{name}\b");
}
