namespace CaseFlow.Cases.Tests.Features.TestRuns;

/// <summary>A fresh <see cref="TestRunKit"/> per test (xunit builds the class once per test).</summary>
public abstract class TestRunTests : IAsyncLifetime
{
    private TestRunKit? _kit;

    internal TestRunKit Kit => _kit ?? throw new InvalidOperationException("the kit is created in InitializeAsync");

    public async Task InitializeAsync() => _kit = await CreateKitAsync();

    public async Task DisposeAsync()
    {
        if (_kit is not null)
            await _kit.DisposeAsync();
    }

    /// <summary>The kit this class's tests run on; the default one unless a class needs other services.</summary>
    internal virtual Task<TestRunKit> CreateKitAsync() => TestRunKit.CreateAsync();
}
