using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Server.Cli;

/// <summary>Finds and reads workflow definition files for the CLI.</summary>
internal static class DefinitionFiles
{
    /// <summary>Expands files and folders (recursively, *.json) into file paths, in a stable order.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
                files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else
                missing.Add(path);
        }

        // A folder and its subfolder (or a file inside a given folder) name some files twice.
        return files.DistinctBy(Path.GetFullPath).ToList();
    }

    /// <summary>Reads every definition in a folder, skipping files that are not definitions (reported on stderr).</summary>
    public static List<(string Path, WorkflowDefinition Definition)> ReadFolder(string folder, string? except, TextWriter errors)
    {
        var result = new List<(string, WorkflowDefinition)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (except is not null && Path.GetFullPath(file) == Path.GetFullPath(except))
                continue;
            try
            {
                result.Add((file, WorkflowDefinitionReader.Read(File.ReadAllText(file))));
            }
            catch (WorkflowFormatException ex)
            {
                errors.WriteLine($"note: skipping {Path.GetFileName(file)}: {ex.Message}");
            }
        }

        return result;
    }
}
