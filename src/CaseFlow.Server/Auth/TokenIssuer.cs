using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>Signs bearer tokens carrying the user's name, roles and a hash of their security stamp (see <see cref="SessionValidator"/>).</summary>
public sealed class TokenIssuer(SecurityKey key, TimeSpan lifetime)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, string userName, IEnumerable<string> roles, string? securityStamp, DateTimeOffset now)
    {
        var expires = now + lifetime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            [AuthSetup.NameClaim] = userName,
            [AuthSetup.RoleClaim] = roles.ToArray(),
            [SessionValidator.StampClaim] = SessionValidator.StampHash(securityStamp),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthSetup.Issuer,
            Audience = AuthSetup.Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
