namespace CaseFlow.Workflows.Tests.Support;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class TestClock : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now;

    public TestClock()
        : this(DefaultStart)
    {
    }

    public TestClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
