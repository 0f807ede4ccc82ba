using System.Reflection;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Workflows.Tests;

public class EngineDependencyTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Hangfire"];

    [Fact]
    public void Engine_ReferencesNoAspNetEfCoreOrHangfire()
    {
        var engine = typeof(WorkflowRunner).Assembly;
        var offenders = engine.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void EngineProjectFile_HasNoForbiddenPackageOrProjectReferences()
    {
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "CaseFlow.Workflows", "CaseFlow.Workflows.csproj"));
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();

        Assert.Equal("Microsoft.NET.Sdk", (string?)project.Root!.Attribute("Sdk"));
        Assert.DoesNotContain(references, r => Forbidden.Any(f => r.Contains(f, StringComparison.Ordinal)));
        Assert.DoesNotContain(references, r => r.Contains("CaseFlow.", StringComparison.Ordinal));
    }

    [Fact]
    public void EngineAssembly_IsNamedAfterItsProject()
    {
        Assert.Equal("CaseFlow.Workflows", typeof(WorkflowRunner).Assembly.GetName().Name);
        Assert.Contains(typeof(WorkflowRunner).Assembly.GetTypes(), t => t.Namespace == "CaseFlow.Workflows.Runtime");
        _ = Assembly.GetExecutingAssembly();
    }
}
