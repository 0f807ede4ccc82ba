namespace CaseFlow.Server.WebApp;

/// <summary>Where the built web app (<c>designer/</c>, built by <c>npm run build</c>) is served from (<c>CaseFlow:WebApp</c>).</summary>
public sealed class WebAppOptions
{
    public const string Section = "CaseFlow:WebApp";

    /// <summary>
    /// The folder holding the built app's <c>index.html</c>. Empty: <c>wwwroot</c> beside the server's assembly (where the
    /// build copies it), else the repository's <c>designer/dist</c> found above it (test runs and <c>dotnet run</c>).
    /// </summary>
    public string? Root { get; set; }
}
