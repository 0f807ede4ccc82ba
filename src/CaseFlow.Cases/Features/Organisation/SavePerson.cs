using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>
/// A person's record as given: <see cref="Id"/> null creates one, otherwise it replaces the person's details.
/// <see cref="Revision"/>, when given, must be the one read (a concurrent edit answers a conflict instead of being lost).
/// </summary>
public sealed record SavePerson(
    string? Id,
    string? Name,
    string? DepartmentId,
    string? Position,
    string? SuperiorId,
    string? UserName,
    string? Email,
    string? Phone,
    string? Reserve,
    bool? Active,
    long? Revision)
{
    /// <summary>Holds the service certificate (null: unchanged; false for a new person).</summary>
    public bool? Certified { get; init; }
}

/// <summary>
/// Creates or updates a person. The department must exist and be active (reserve-pool members may have none); the
/// superior must be another active person and may not report, directly or not, to this one (the chain has an end);
/// a user name belongs to one person and must be a CaseFlow user.
/// </summary>
public sealed class SavePersonHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Person> HandleAsync(SavePerson command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        var name = OrganisationRules.Name(command.Name, "name", errors);
        var position = EnumInput.Parse<Position>(command.Position, "position", errors, required: true);
        var reserve = EnumInput.Parse<ReserveKind>(command.Reserve, "reserve", errors, required: false);
        var departmentId = OrganisationRules.Clean(command.DepartmentId);
        var superiorId = OrganisationRules.Clean(command.SuperiorId);
        var userName = OrganisationRules.Clean(command.UserName);
        var email = OrganisationRules.Clean(command.Email);
        var phone = OrganisationRules.Clean(command.Phone);
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Length > 320))
            errors.Add("email", $"'{email}' is not an email address.");
        if (phone is { Length: > 50 })
            errors.Add("phone", "phone is at most 50 characters.");
        if (departmentId is null && reserve is null && command.Reserve is null)
            errors.Add("departmentId", "departmentId is required (only reserve-pool members may have none).");
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        Person person;
        if (command.Id is null)
        {
            person = new Person { Id = Guid.NewGuid().ToString("N")[..12], Name = name!, CreatedAt = now };
            db.People.Add(person);
        }
        else
        {
            person = await db.People.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
                ?? throw new NotFoundException($"No person '{command.Id}'.");
            if (command.Revision is { } revision && revision != person.Revision)
                throw new ConflictException($"Person '{person.Id}' was changed by someone else (revision {person.Revision.ToString(CultureInfo.InvariantCulture)}, not {revision.ToString(CultureInfo.InvariantCulture)}): reload it and apply your change again.");
        }

        if (departmentId is not null)
        {
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
            if (department is null)
                errors.Add("departmentId", $"No department '{departmentId}'.");
            else if (!department.Active && department.Id != person.DepartmentId)
                errors.Add("departmentId", $"Department '{departmentId}' is no longer active.");
        }

        if (superiorId is not null)
            await CheckSuperiorAsync(db, person.Id, superiorId, errors, cancellationToken);

        if (userName is not null)
        {
            if (!await db.Users.AnyAsync(u => u.UserName == userName, cancellationToken))
                errors.Add("userName", $"No CaseFlow user '{userName}' (create the user first, e.g. with `caseflow users add`).");
            else if (await db.People.AsNoTracking().Where(p => p.UserName == userName && p.Id != person.Id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) is { } other)
                errors.Add("userName", $"User '{userName}' already belongs to {other}.");
        }

        errors.ThrowIfAny();
        person.Name = name!;
        person.DepartmentId = departmentId;
        person.Position = position!.Value;
        person.SuperiorId = superiorId;
        person.UserName = userName;
        person.Email = email;
        person.Phone = phone;
        person.Reserve = reserve;
        person.Active = command.Active ?? person.Active;
        person.Certified = command.Certified ?? person.Certified;
        person.UpdatedAt = now;
        person.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Person '{person.Id}' was changed by someone else: reload it and apply your change again.");
        }

        return person;
    }

    /// <summary>The superior exists, is active, and is not the person or anyone below them (walking up from the superior never meets the person).</summary>
    private static async Task CheckSuperiorAsync(CaseFlowDbContext db, string personId, string superiorId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (superiorId == personId)
        {
            errors.Add("superiorId", "A person cannot be their own superior.");
            return;
        }

        var superior = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == superiorId, cancellationToken);
        if (superior is null)
        {
            errors.Add("superiorId", $"No person '{superiorId}'.");
            return;
        }

        if (!superior.Active)
        {
            errors.Add("superiorId", $"{superior.Name} is no longer active.");
            return;
        }

        var superiors = await db.People.AsNoTracking().Where(p => p.SuperiorId != null).ToDictionaryAsync(p => p.Id, p => p.SuperiorId!, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal) { superiorId };
        for (var current = superiorId; superiors.TryGetValue(current, out var next); current = next)
        {
            if (next == personId)
            {
                errors.Add("superiorId", $"{superior.Name} reports (directly or not) to this person: the chain would go round in a circle.");
                return;
            }

            if (!seen.Add(next))
                return;
        }
    }
}
