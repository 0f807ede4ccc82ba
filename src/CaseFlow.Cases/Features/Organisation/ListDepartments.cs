using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>A department with its head's name and how many active people it has.</summary>
public sealed record DepartmentSummary(Department Department, string? HeadName, int ActiveMembers);

/// <summary>Every department (inactive ones too, marked), by name.</summary>
public sealed class ListDepartmentsHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public async Task<IReadOnlyList<DepartmentSummary>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var members = await db.People.AsNoTracking().Where(p => p.Active && p.DepartmentId != null)
            .GroupBy(p => p.DepartmentId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var heads = departments.Where(d => d.HeadId != null).Select(d => d.HeadId!).ToList();
        var names = await db.People.AsNoTracking().Where(p => heads.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return departments.ConvertAll(d => new DepartmentSummary(d, d.HeadId is { } h ? names.GetValueOrDefault(h) : null, members.GetValueOrDefault(d.Id)));
    }
}
