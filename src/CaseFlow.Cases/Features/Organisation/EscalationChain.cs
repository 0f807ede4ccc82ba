using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>
/// Who is above whom: the chain of superiors from a person up to the top, level by level. Someone who left
/// (inactive) is passed over: their level goes to the next one up, so an escalation never waits on an empty desk.
/// </summary>
public sealed class EscalationChain(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    /// <summary>The active superiors of the person, nearest first (empty for the top, or for an unknown id).</summary>
    public async Task<IReadOnlyList<Person>> SuperiorsOfAsync(string personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        return Walk(people, personId);
    }

    /// <summary>The active superiors of the person who signs in as <paramref name="userName"/> (empty when no person has that user).</summary>
    public async Task<IReadOnlyList<Person>> SuperiorsOfUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var person = people.Values.FirstOrDefault(p => string.Equals(p.UserName, userName, StringComparison.Ordinal));
        return person is null ? [] : Walk(people, person.Id);
    }

    /// <summary>The centre's general manager (the first active person in that position), where the organisation has one.</summary>
    public Task<Person?> GeneralManagerAsync(CancellationToken cancellationToken = default) => FirstInAsync(Position.GeneralManager, cancellationToken);

    /// <summary>The first active person in a position (e.g. the customer service manager, who commands drills), where there is one.</summary>
    public async Task<Person?> FirstInAsync(Position position, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.People.AsNoTracking().Where(p => p.Position == position && p.Active).OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The department's head when active, else the nearest active superior of the head (null when there is none).</summary>
    public async Task<Person?> HeadOfAsync(string departmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(departmentId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var headId = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.HeadId).FirstOrDefaultAsync(cancellationToken);
        if (headId is null)
            return null;
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        if (people.TryGetValue(headId, out var head) && head.Active)
            return head;
        return Walk(people, headId).FirstOrDefault();
    }

    private static List<Person> Walk(Dictionary<string, Person> people, string personId)
    {
        var chain = new List<Person>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { personId };
        var current = people.GetValueOrDefault(personId);
        while (current?.SuperiorId is { } next && seen.Add(next) && people.TryGetValue(next, out var superior))
        {
            if (superior.Active)
                chain.Add(superior);
            current = superior;
        }

        return chain;
    }
}
