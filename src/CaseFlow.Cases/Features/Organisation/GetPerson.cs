using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>A person with their escalation chain (active superiors, nearest first) and the people who report to them.</summary>
public sealed record PersonDetails(Person Person, IReadOnlyList<Person> Superiors, IReadOnlyList<Person> DirectReports);

public sealed class GetPersonHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, EscalationChain chain)
{
    public async Task<PersonDetails> HandleAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No person '{id}'.");
        var reports = await db.People.AsNoTracking().Where(p => p.SuperiorId == id).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return new PersonDetails(person, await chain.SuperiorsOfAsync(id, cancellationToken), reports);
    }
}
