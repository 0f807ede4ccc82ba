using System.CommandLine;

namespace CaseFlow.Server.Cli;

/// <summary>The <c>caseflow</c> verbs. No verb serves the application.</summary>
public static class CommandLine
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "validate", "run", "import", "export", "instances", "events", "timers", "users", "backup", "--help", "-h", "-?", "--version" };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("CaseFlow: workflow-based case management. Without a verb, serves the application.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DefinitionCommands.CreateImport());
        root.Subcommands.Add(DefinitionCommands.CreateExport());
        root.Subcommands.Add(InstanceCommands.Create());
        root.Subcommands.Add(EventCommands.CreateEvents());
        root.Subcommands.Add(EventCommands.CreateTimers());
        root.Subcommands.Add(UserCommands.Create());
        root.Subcommands.Add(BackupCommand.Create());
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>The server's arguments for configuration: <c>--demo</c> (a switch) becomes <c>CaseFlow:Demo=true</c>.</summary>
    public static string[] ServerArgs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. args.Select(a => a == "--demo" ? "--CaseFlow:Demo=true" : a)];
    }
}
