using System.Diagnostics;

namespace CaseFlow.Server.Tests.Support;

internal static class Wait
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, int pollMilliseconds = 100) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, pollMilliseconds);

    /// <summary>Polls an asynchronous condition (an HTTP request, a query) the same way.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMilliseconds = 100)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}");
            await Task.Delay(pollMilliseconds);
        }
    }
}
