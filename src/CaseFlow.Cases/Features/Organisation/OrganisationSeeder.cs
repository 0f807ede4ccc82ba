using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>
/// Creates the configured departments that are missing (on every start; changes made over the API stay), and, for
/// the demo, a small centre: a general manager, department heads, the customer-service chain agent → supervisor →
/// CS manager → department head → GM (the demo users agent, agent2, supervisor, manager, head and gm are in it) and a reserve pool.
/// </summary>
public sealed class OrganisationSeeder(IDbContextFactory<CaseFlowDbContext> dbFactory, IOptions<OrganisationOptions> options, TimeProvider clock)
{
    public async Task EnsureDepartmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.Departments.Select(d => d.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var seed in options.Value.EffectiveDepartments)
        {
            if (!OrganisationRules.Key().IsMatch(seed.Id) || string.IsNullOrWhiteSpace(seed.Name))
                throw new InvalidOperationException($"{OrganisationOptions.SectionName}:Departments: '{seed.Id}' needs an id of lower-case letters, digits and hyphens, and a name.");
            if (known.Contains(seed.Id, StringComparer.Ordinal))
                continue;
            db.Departments.Add(new Department { Id = seed.Id, Name = seed.Name.Trim(), Layer = seed.Layer, CreatedAt = now, UpdatedAt = now, Revision = 1 });
            known.Add(seed.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The demo organisation, added once (people already there, by id, are left as they are).</summary>
    public async Task EnsureDemoPeopleAsync(CancellationToken cancellationToken = default)
    {
        await EnsureDepartmentsAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.People.Select(p => p.Id).ToListAsync(cancellationToken);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Id, cancellationToken);
        var users = (await db.Users.Select(u => u.UserName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var (id, name, department, position, superior, user, reserve) in DemoPeople)
        {
            if (existing.Contains(id, StringComparer.Ordinal) || (department is not null && !departments.ContainsKey(department)))
                continue;
            db.People.Add(new Person
            {
                Id = id,
                Name = name,
                DepartmentId = department,
                Position = position,
                SuperiorId = superior,
                UserName = user is not null && users.Contains(user) ? user : null,
                Email = $"{id}@caseflow.example",
                Reserve = reserve,
                Certified = position == Position.Agent && reserve is null, // the demo's own agents hold the certificate
                CreatedAt = now,
                UpdatedAt = now,
                Revision = 1,
            });
        }

        foreach (var (department, head) in DemoHeads)
        {
            if (departments.TryGetValue(department, out var row) && row.HeadId is null)
            {
                row.HeadId = head;
                row.UpdatedAt = now;
                row.Revision++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly (string Id, string Name, string? Department, Position Position, string? Superior, string? User, ReserveKind? Reserve)[] DemoPeople =
    [
        ("zhou-min", "Zhou Min", "management", Position.GeneralManager, null, "gm", null),
        ("wu-lei", "Wu Lei", "management", Position.DeputyGeneralManager, "zhou-min", null, null),
        ("chen-jing", "Chen Jing", "customer-service", Position.DepartmentHead, "zhou-min", "head", null),
        ("li-qiang", "Li Qiang", "tech-support", Position.DepartmentHead, "zhou-min", null, null),
        ("zhao-yun", "Zhao Yun", "logistics", Position.DepartmentHead, "zhou-min", null, null),
        ("sun-li", "Sun Li", "quality", Position.DepartmentHead, "zhou-min", null, null),
        ("qian-hua", "Qian Hua", "finance", Position.DepartmentHead, "zhou-min", null, null),
        ("zheng-fang", "Zheng Fang", "hr", Position.DepartmentHead, "zhou-min", null, null),
        ("feng-tao", "Feng Tao", "legal", Position.DepartmentHead, "zhou-min", null, null),
        ("wang-fang", "Wang Fang", "customer-service", Position.CsManager, "chen-jing", "manager", null),
        ("liu-yang", "Liu Yang", "customer-service", Position.Supervisor, "wang-fang", "supervisor", null),
        ("zhang-wei", "Zhang Wei", "customer-service", Position.Agent, "liu-yang", "agent", null),
        ("huang-xin", "Huang Xin", "customer-service", Position.Agent, "liu-yang", "agent2", null),
        ("he-jun", "He Jun", "tech-support", Position.TechSupport, "li-qiang", null, null),
        ("xu-ting", "Xu Ting", "quality", Position.QualityMonitor, "sun-li", null, null),
        ("lin-na", "Lin Na", "customer-service", Position.Agent, "liu-yang", null, ReserveKind.PartTime),
        ("guo-peng", "Guo Peng", null, Position.Agent, "liu-yang", null, ReserveKind.PartTime),
        ("ma-rui", "Ma Rui", null, Position.Agent, "liu-yang", null, ReserveKind.Outsourced),
    ];

    private static readonly (string Department, string Head)[] DemoHeads =
    [
        ("management", "zhou-min"),
        ("customer-service", "chen-jing"),
        ("tech-support", "li-qiang"),
        ("logistics", "zhao-yun"),
        ("quality", "sun-li"),
        ("finance", "qian-hua"),
        ("hr", "zheng-fang"),
        ("legal", "feng-tao"),
    ];
}
