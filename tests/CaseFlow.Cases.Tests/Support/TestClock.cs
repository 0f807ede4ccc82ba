namespace CaseFlow.Cases.Tests.Support;

/// <summary>A settable UTC clock (whole milliseconds, so stored and read times compare equal).</summary>
internal sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Lock _lock = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
            _now += by;
    }
}
