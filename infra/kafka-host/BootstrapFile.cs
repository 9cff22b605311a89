namespace LlmBroker.KafkaHost;

/// <summary>
/// The bootstrap file that start-mock.sh waits for. It appears complete or not at all: written to
/// a temporary file in the same folder, then renamed over the target (rename is atomic there).
/// </summary>
internal static class BootstrapFile
{
    public static void Write(string path, string bootstrapServers)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, bootstrapServers + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes the file unless another host has replaced it since.</summary>
    public static void Delete(string path, string bootstrapServers)
    {
        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() == bootstrapServers)
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort: a stale file only costs the next start a rewrite.
        }
    }
}
