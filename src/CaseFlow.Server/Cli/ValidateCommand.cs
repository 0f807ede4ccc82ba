using System.CommandLine;

namespace CaseFlow.Server.Cli;

/// <summary><c>caseflow validate PATH...</c>: validates definition files and folders; exit 1 when any has errors.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Definition files or folders (searched recursively for *.json).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate workflow definitions and print every error and warning with its location.") { paths };
        command.SetAction((result, _) => Task.FromResult(Run(result.GetValue(paths) ?? [])));
        return command;
    }

    private static int Run(string[] paths)
    {
        var files = DefinitionFiles.Expand(paths, out var missing);
        foreach (var path in missing)
            Console.Error.WriteLine($"caseflow validate: no such file or folder: {path}");
        if (missing.Count > 0)
            return 2;
        Console.Error.WriteLine("caseflow validate: the validator arrives with the next commit");
        return files.Count == 0 ? 2 : 0;
    }
}
