namespace CaseFlow.Server.Auth;

/// <summary>Sign-in settings (section <c>CaseFlow:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "CaseFlow:Auth";

    /// <summary>
    /// Key that signs bearer tokens (base64, at least 32 bytes). Unset: a random key is created once and kept in the
    /// data folder (<c>auth-signing.key</c>), so tokens survive restarts and no secret ever sits in the repository.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins in a row before the account is locked for <see cref="LockoutDuration"/>.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
