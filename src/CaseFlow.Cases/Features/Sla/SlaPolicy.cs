using System.Collections.Frozen;

namespace CaseFlow.Cases.Features.Sla;

/// <summary>An SLA target as applied: the clock's name, the time allowed and whether only open time counts.</summary>
public sealed record SlaTerm(string Name, TimeSpan Duration, bool UsesBusinessCalendar);

/// <summary>Resolves SLA clocks to terms and due dates. Immutable and thread-safe.</summary>
public sealed class SlaPolicy
{
    private readonly FrozenDictionary<string, SlaTerm> _clocks;
    private readonly FrozenDictionary<string, SlaTerm> _firstResponseByChannel;
    private readonly string _firstResponseClock;

    /// <summary>Copies the options (later changes to them have no effect); throws <see cref="InvalidOperationException"/> listing every error when they are invalid.</summary>
    public SlaPolicy(SlaOptions options, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException($"Invalid {SlaOptions.SectionName} configuration: {string.Join("; ", errors)}");

        Calendar = calendar;
        _firstResponseClock = options.FirstResponseClock;
        _clocks = options.Clocks.ToFrozenDictionary(
            c => c.Key, c => new SlaTerm(c.Key, c.Value.Duration, c.Value.UseBusinessCalendar), StringComparer.OrdinalIgnoreCase);
        // A channel's term keeps the first-response clock's name: callers ask for that clock, the channel only tunes it.
        _firstResponseByChannel = options.FirstResponseByChannel.ToFrozenDictionary(
            c => c.Key, c => new SlaTerm(_firstResponseClock, c.Value.Duration, c.Value.UseBusinessCalendar), StringComparer.OrdinalIgnoreCase);
    }

    public BusinessCalendar Calendar { get; }

    /// <summary>Names of the configured clocks.</summary>
    public IReadOnlyCollection<string> ClockNames => _clocks.Keys;

    /// <summary>
    /// The term of clock <paramref name="name"/>. For the first-response clock, a listed <paramref name="channel"/>
    /// has its own target; other channels (and other clocks) use the clock's.
    /// </summary>
    /// <exception cref="ArgumentException">No clock has that name.</exception>
    public SlaTerm GetTerm(string name, string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_clocks.TryGetValue(name, out var term))
        {
            throw new ArgumentException(
                $"Unknown SLA clock '{name}'; known clocks: {string.Join(", ", _clocks.Keys.Order(StringComparer.Ordinal))} (see {SlaOptions.SectionName}:Clocks).",
                nameof(name));
        }
        if (channel is not null
            && string.Equals(term.Name, _firstResponseClock, StringComparison.OrdinalIgnoreCase)
            && _firstResponseByChannel.TryGetValue(channel, out var channelTerm))
        {
            return channelTerm;
        }
        return term;
    }

    /// <summary>When clock <paramref name="name"/>, started at <paramref name="startedAt"/>, runs out (see <see cref="BusinessCalendar.AddBusinessTime"/>).</summary>
    /// <exception cref="ArgumentException">No clock has that name.</exception>
    public DateTimeOffset DueAt(string name, DateTimeOffset startedAt, string? channel = null)
    {
        var term = GetTerm(name, channel);
        return term.UsesBusinessCalendar ? Calendar.AddBusinessTime(startedAt, term.Duration) : startedAt + term.Duration;
    }

    /// <summary>True once <paramref name="now"/> is past <paramref name="dueAt"/>; meeting the deadline to the tick is in time.</summary>
    public bool IsBreached(DateTimeOffset dueAt, DateTimeOffset now) => now > dueAt;
}
