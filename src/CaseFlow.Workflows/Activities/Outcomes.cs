namespace CaseFlow.Workflows.Activities;

/// <summary>Well-known outcome names.</summary>
public static class Outcomes
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Default = "Default";

    internal static readonly string[] DoneOnly = [Done];
    internal static readonly string[] None = [];
}
