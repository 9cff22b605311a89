using LlmBroker.Cli.Infrastructure;
using LlmBroker.Governance;
using LlmBroker.Storage;

namespace LlmBroker.Cli.Commands.Admin;

/// <summary>Opens the governance tables for an admin command.</summary>
internal static class AdminStore
{
    /// <summary>Environment variable of the base64 master key (as the redactor reads it).</summary>
    public const string MasterKeyVariable = "Authentication__MasterKey";

    /// <summary>Environment variable of the master key id.</summary>
    public const string MasterKeyIdVariable = "Authentication__MasterKeyId";

    /// <summary>Environment variable of the base64 pepper.</summary>
    public const string PepperVariable = "Authentication__KeyPepper";

    public static GovernanceStore Open(PostgresSettings settings, CliEnvironment environment, TimeProvider time, bool needsKeys)
    {
        var connection = PostgresConnection.Resolve(settings, environment) ?? throw new InvalidOperationException(PostgresConnection.MissingConnection);
        KeyMaterial? keys = null;
        var master = environment.Get(MasterKeyVariable);
        var pepper = environment.Get(PepperVariable);
        if (master is not null && pepper is not null)
        {
            keys = new KeyMaterial(master, environment.Get(MasterKeyIdVariable) ?? "m1", pepper);
        }
        else if (needsKeys)
        {
            throw new InvalidOperationException($"set {MasterKeyVariable} and {PepperVariable} (the same values the redactor uses)");
        }

        return new GovernanceStore(PostgresDataSources.Create(connection.ConnectionString, connection.Schema), keys, time);
    }
}
