using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Common;

/// <summary>Someone work is handed to (a task reassigned, a case transferred): an existing, active user and their roles.</summary>
public static class Users
{
    /// <summary>
    /// The user with this name (compared without case), with the roles they hold now; the stored spelling of the name
    /// is what the work keeps.
    /// </summary>
    /// <exception cref="ValidationException">No such user, or one locked out (named by <paramref name="field"/>).</exception>
    public static async Task<Actor> FindActiveAsync(CaseFlowDbContext db, string userName, DateTimeOffset now, string field, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userName);
        var normalized = userName.ToUpperInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        var shown = userName.Length > 64 ? userName[..64] + "…" : userName;
        if (user?.UserName is null)
            throw ValidationException.For(field, $"There is no user '{shown}'.");
        if (user.LockoutEnd is { } lockedUntil && lockedUntil > now)
            throw ValidationException.For(field, $"{user.UserName} is locked out and cannot take work.");
        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           where link.UserId == user.Id && role.Name != null
                           select role.Name!).ToListAsync(cancellationToken);
        return new Actor(user.UserName, new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase));
    }
}
