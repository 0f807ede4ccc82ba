using System.CommandLine;
using CaseFlow.Cases.Features.Definitions;

namespace CaseFlow.Server.Cli;

/// <summary>
/// <c>caseflow import [DIR]</c> and <c>caseflow export [DIR]</c>: move definitions between a folder (default: the
/// configured workflows folder, <c>./workflows</c>) and the database.
/// </summary>
internal static class DefinitionCommands
{
    public static Command CreateImport()
    {
        var folder = new Argument<string?>("dir") { Description = "Folder of *.json definitions (default: CaseFlow__WorkflowsDirectory, else ./workflows).", Arity = ArgumentArity.ZeroOrOne };
        var data = CliHost.DataOption();
        var command = new Command("import", "Import definitions: a new definition id is created and published, changed content becomes a new published version, unchanged content does nothing.") { folder, data };
        command.SetAction((result, cancellationToken) => ImportAsync(result.GetValue(folder), result.GetValue(data), cancellationToken));
        return command;
    }

    public static Command CreateExport()
    {
        var folder = new Argument<string?>("dir") { Description = "Folder to write (default: CaseFlow__WorkflowsDirectory, else ./workflows).", Arity = ArgumentArity.ZeroOrOne };
        var data = CliHost.DataOption();
        var command = new Command("export", "Export each definition's published (else latest) version as stable, diff-friendly JSON (2-space indent, sorted keys).") { folder, data };
        command.SetAction((result, cancellationToken) => ExportAsync(result.GetValue(folder), result.GetValue(data), cancellationToken));
        return command;
    }

    private static async Task<int> ImportAsync(string? folder, string? data, CancellationToken cancellationToken)
    {
        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var path = Path.GetFullPath(folder ?? WorkflowsFolder(host));
        if (!Directory.Exists(path))
            return CliHost.Fail("import", $"no such folder: {path}");
        var report = await host.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(path), cancellationToken);
        foreach (var file in report.Created)
            Console.Out.WriteLine($"created   {file.File}: {file.DefinitionId} v{file.Version}");
        foreach (var file in report.Updated)
            Console.Out.WriteLine($"updated   {file.File}: {file.DefinitionId} v{file.Version}");
        foreach (var file in report.Unchanged)
            Console.Out.WriteLine($"unchanged {file.File}: {file.DefinitionId} v{file.Version}");
        foreach (var error in report.Errors)
            Console.Error.WriteLine($"error     {error.File}: {error.Message}");
        Console.Out.WriteLine(report.ToString());
        return report.Errors.Count > 0 ? 1 : 0;
    }

    private static async Task<int> ExportAsync(string? folder, string? data, CancellationToken cancellationToken)
    {
        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var path = Path.GetFullPath(folder ?? WorkflowsFolder(host));
        if (File.Exists(path))
            return CliHost.Fail("export", $"{path} is a file, not a folder");
        var files = await host.Get<ExportDefinitionsHandler>().HandleAsync(new ExportDefinitions(path), cancellationToken);
        foreach (var file in files)
            Console.Out.WriteLine($"{(file.Changed ? "wrote    " : "unchanged")} {file.File}: {file.DefinitionId} v{file.Version}");
        Console.Out.WriteLine($"{files.Count} definitions, {files.Count(f => f.Changed)} files written to {path}");
        return 0;
    }

    private static string WorkflowsFolder(CliHost host) =>
        host.Configuration[DependencyInjection.WorkflowsDirectoryKey] is { Length: > 0 } configured ? configured : "./workflows";
}
