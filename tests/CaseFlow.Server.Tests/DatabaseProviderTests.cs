using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests;

/// <summary>
/// <c>CaseFlow:Database:Provider</c>: a database CaseFlow cannot use stops the start with the reason, and no SQLite
/// file appears in its place (the setting used to be ignored, and the server wrote to SQLite as if nothing was asked).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DatabaseProviderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("Mongo", "CaseFlow:Database:Provider 'Mongo' is not a database CaseFlow knows")]
    public void AProviderCaseFlowDoesNotKnow_StopsTheStart_WithTheReason_AndCreatesNoSqliteFile(string provider, string reason)
    {
        var data = _temp.Sub("data-" + provider);

        var error = Assert.ThrowsAny<Exception>(() => ProgramHost.Start(data, settings: new Dictionary<string, string> { [DependencyInjection.ProviderKey] = provider }).Dispose());

        Assert.Contains(reason, StartFailure.Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "caseflow.db")));
    }

    [Fact]
    public void Sqlite_InAnyCase_IsTheEmbeddedDefault()
    {
        using var host = ProgramHost.Start(_temp.Sub("data"), settings: new Dictionary<string, string> { [DependencyInjection.ProviderKey] = "sqlite" });

        Assert.True(File.Exists(Path.Combine(_temp.Path, "data", "caseflow.db")));
    }

    public void Dispose() => _temp.Dispose();
}
