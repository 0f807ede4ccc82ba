using System.Collections.Concurrent;
using CaseFlow.Cases.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Lockout per (user name, client): after <see cref="AuthOptions.MaxFailedAttempts"/> wrong passwords in a row from
/// one remote address, that address may not sign in as that name for <see cref="AuthOptions.LockoutDuration"/>.
/// Keyed by the name as typed (normalized), whether or not such a user exists, so the lockout answer does not tell
/// real names from unknown ones. Kept in memory: a restart forgets it, which the per-client rate limit bounds.
/// </summary>
public sealed class SignInGuard(IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Past this many tracked pairs, expired ones are dropped on the next failure.</summary>
    private const int PruneThreshold = 100_000;

    private readonly ConcurrentDictionary<(string User, string Client), Entry> _entries = new();

    public bool IsLockedOut(string userName, string client)
    {
        if (!_entries.TryGetValue(Key(userName, client), out var entry))
            return false;
        lock (entry)
            return entry.LockedUntil is { } until && until > clock.GetUtcNow();
    }

    /// <summary>Counts a wrong password; true when this failure locks the pair out.</summary>
    public bool RecordFailure(string userName, string client)
    {
        if (_entries.Count > PruneThreshold)
            Prune();
        var settings = options.Value;
        var entry = _entries.GetOrAdd(Key(userName, client), _ => new Entry());
        var now = clock.GetUtcNow();
        lock (entry)
        {
            if (entry.LockedUntil is { } until && until <= now)
                (entry.Failures, entry.LockedUntil) = (0, null);
            entry.Failures++;
            entry.LastFailure = now;
            if (entry.Failures < settings.MaxFailedAttempts)
                return false;
            entry.LockedUntil = now + settings.LockoutDuration;
            return true;
        }
    }

    public void RecordSuccess(string userName, string client) => _entries.TryRemove(Key(userName, client), out _);

    private void Prune()
    {
        var stale = clock.GetUtcNow() - options.Value.LockoutDuration;
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.LastFailure < stale)
                    _entries.TryRemove(key, out _);
            }
        }
    }

    // Identity's user names have at most 256 characters: a longer name typed in a body of up to 1 MiB must not make
    // the key that long, or a few thousand failures would hold gigabytes until the next prune.
    private static (string, string) Key(string userName, string client)
    {
        var name = userName.Trim();
        return (name[..Math.Min(name.Length, 256)].ToUpperInvariant(), client);
    }

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset? LockedUntil;
    }
}

/// <summary>
/// Checks a password for a name that has no user (or no password) at the cost of a real check, against a fixed
/// hash made by the same hasher: an unknown name then answers as slowly as a known one with a wrong password.
/// </summary>
public sealed class DummyPasswordCheck(IPasswordHasher<CaseFlowUser> hasher)
{
    private static readonly CaseFlowUser Nobody = new() { UserName = "nobody" };
    private static string? s_hash;

    public void Verify(string password)
    {
        var hash = s_hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
