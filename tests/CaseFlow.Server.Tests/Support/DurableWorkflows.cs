namespace CaseFlow.Server.Tests.Support;

/// <summary>The test workflows of the durability tests (Durability/Workflows, copied next to the tests).</summary>
internal static class DurableWorkflows
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Durability", "Workflows");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>Copies the named files into <paramref name="target"/> (a workflows folder of its own).</summary>
    public static string CopyTo(string target, params string[] names)
    {
        Directory.CreateDirectory(target);
        foreach (var name in names)
            System.IO.File.Copy(File(name), Path.Combine(target, Path.GetFileName(name)), overwrite: true);
        return target;
    }
}
