using CaseFlow.Server.Auth;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Tests.Api.Security;

public sealed class SignInGuardTests
{
    // A body may carry a name of a million characters; the guard's memory must not grow with it.
    [Fact]
    public void NamesLongerThanAnyUserName_AreTrackedByTheirFirst256Characters()
    {
        var guard = new SignInGuard(Options.Create(new AuthOptions { MaxFailedAttempts = 2 }), TimeProvider.System);
        var prefix = new string('a', 256);

        Assert.False(guard.RecordFailure(prefix + new string('x', 1_000_000), "10.0.0.1"));
        Assert.True(guard.RecordFailure(prefix + "y", "10.0.0.1"));
        Assert.True(guard.IsLockedOut(prefix, "10.0.0.1"));
        Assert.False(guard.IsLockedOut(prefix, "10.0.0.2"));
    }
}
