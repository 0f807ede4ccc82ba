namespace CaseFlow.Server.Auth;

/// <summary>Sign-in settings (section <c>CaseFlow:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "CaseFlow:Auth";

    /// <summary>
    /// Key that signs bearer tokens (base64, at least 32 bytes). Unset: a random key is created once and kept in the
    /// data folder (<c>auth-signing.key</c>, owner-only), so tokens survive restarts and no secret ever sits in the repository.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Failed sign-ins in a row for one user name from one client (remote address) before that client may not sign
    /// in as that user for <see cref="LockoutDuration"/>. Other clients are unaffected: a stranger who guesses
    /// wrong locks out only themselves, never the account.
    /// </summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests (<c>/api/auth/token</c> and <c>/api/auth/login</c>, right or wrong) one client may send per <see cref="SignInWindow"/>; more get 429.</summary>
    public int SignInPermitLimit { get; set; } = 30;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}
