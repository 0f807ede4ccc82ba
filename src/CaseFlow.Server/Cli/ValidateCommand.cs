using System.CommandLine;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Validation;

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
        if (files.Count == 0)
        {
            Console.Error.WriteLine("caseflow validate: no *.json files found");
            return 2;
        }

        // Definitions validated together can use each other as activities (by name or definition id).
        var texts = files.ToDictionary(f => f, File.ReadAllText);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts.Values)
        {
            try
            {
                var definition = WorkflowDefinitionReader.Read(text);
                known.Add(definition.DefinitionId);
                if (definition.Name is { Length: > 0 } name)
                    known.Add(name);
            }
            catch (WorkflowFormatException)
            {
                // Reported below, by the validator.
            }
        }

        var validator = WorkflowEngine.CreateValidator(known.Contains, Cases.DependencyInjection.CreateActivityRegistry());
        int errors = 0, warnings = 0;
        foreach (var (file, text) in texts)
        {
            var issues = validator.ValidateJson(text);
            foreach (var issue in issues)
            {
                var level = issue.Severity == ValidationSeverity.Error ? "error" : "warning";
                Console.Out.WriteLine($"{file}: {level} {issue.Path}: {issue.Message}");
            }

            errors += issues.Count(i => i.Severity == ValidationSeverity.Error);
            warnings += issues.Count(i => i.Severity == ValidationSeverity.Warning);
        }

        Console.Out.WriteLine($"{files.Count} file(s), {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? 1 : 0;
    }
}
