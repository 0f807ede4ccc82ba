namespace CaseFlow.Tests.Shared;

/// <summary>The repository this test run was built from (found by walking up to CaseFlow.sln); linked into every test project.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped workflow definitions.</summary>
    public static string Workflows => Path.Combine(Root, "workflows");

    /// <summary>The web app's translation files (<c>activities.zh-CN.json</c>, <c>validation.en.json</c>...).</summary>
    public static string Locale(string fileName) => Path.Combine(Root, "designer", "src", "locales", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseFlow.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("CaseFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
