namespace CaseFlow.Server.Tests.Support;

/// <summary>A fresh folder under the temp directory, deleted on dispose (best effort: a killed process may still hold a file).</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "caseflow-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
