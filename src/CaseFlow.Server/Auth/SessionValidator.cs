using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CaseFlow.Cases.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Revocation: every cookie and bearer token carries the user's Identity security stamp (the token a hash of it),
/// and every authenticated request compares it with the database's (one indexed lookup by primary key). Signing
/// out, a lock, a password or a role change renew the stamp, so every session issued before ends at once, restarts
/// included. A locked account is refused even before its stamp changes.
/// </summary>
public sealed class SessionValidator(UserManager<CaseFlowUser> users, IOptions<IdentityOptions> identity)
{
    /// <summary>The bearer token's claim: a hash of the stamp (the stamp itself also seeds Identity's one-time codes, and a token is readable).</summary>
    public const string StampClaim = "sst";

    public static string StampHash(string? stamp) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? "")));

    public static string? UserId(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
    }

    /// <summary>The signed-in user, when the session is still current (same stamp, not locked); else null.</summary>
    public async Task<CaseFlowUser?> CurrentUserAsync(ClaimsPrincipal principal)
    {
        if (UserId(principal) is not { Length: > 0 } id || await users.FindByIdAsync(id) is not { } user)
            return null;
        if (await users.IsLockedOutAsync(user))
            return null;
        var stamp = await users.GetSecurityStampAsync(user);
        var current = principal.FindFirst(StampClaim) is { } hashed
            ? CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hashed.Value), Encoding.ASCII.GetBytes(StampHash(stamp)))
            : principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value is { } raw && string.Equals(raw, stamp, StringComparison.Ordinal);
        return current ? user : null;
    }
}
