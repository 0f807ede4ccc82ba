using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>A department as given (created when its id is new). <see cref="Revision"/>, when given, must be the one read.</summary>
public sealed record SaveDepartment(string Id, string? Name, string? Layer, string? HeadId, bool? Active, long? Revision);

/// <summary>
/// Creates or updates a department. Its head must be an active person of the department; a department with active
/// people cannot be deactivated (their work would go nowhere): move them first.
/// </summary>
public sealed class SaveDepartmentHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(Department Department, bool Created)> HandleAsync(SaveDepartment command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        var id = command.Id?.Trim() ?? "";
        if (!OrganisationRules.Key().IsMatch(id))
            errors.Add("id", "A department id is 1–64 lower-case letters, digits and hyphens, starting with a letter or digit (e.g. customer-service).");
        var name = OrganisationRules.Name(command.Name, "name", errors);
        var layer = EnumInput.Parse<OrganisationLayer>(command.Layer, "layer", errors, required: false);
        var headId = OrganisationRules.Clean(command.HeadId);
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var created = department is null;
        if (department is null)
        {
            department = new Department { Id = id, Name = name!, CreatedAt = now };
            db.Departments.Add(department);
        }
        else if (command.Revision is { } revision && revision != department.Revision)
        {
            throw new ConflictException($"Department '{id}' was changed by someone else (revision {department.Revision.ToString(CultureInfo.InvariantCulture)}, not {revision.ToString(CultureInfo.InvariantCulture)}): reload it and apply your change again.");
        }

        if (headId is not null)
        {
            var head = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == headId, cancellationToken);
            if (head is null)
                errors.Add("headId", $"No person '{headId}'.");
            else if (!head.Active)
                errors.Add("headId", $"{head.Name} is no longer active.");
            else if (head.DepartmentId != id)
                errors.Add("headId", $"{head.Name} is not in this department.");
        }

        var active = command.Active ?? department.Active;
        if (!active && department.Active && !created)
        {
            var members = await db.People.CountAsync(p => p.DepartmentId == id && p.Active, cancellationToken);
            if (members > 0)
                throw new ConflictException($"Department '{id}' still has {members.ToString(CultureInfo.InvariantCulture)} active people: move them to another department first.");
        }

        errors.ThrowIfAny();
        department.Name = name!;
        department.Layer = layer ?? department.Layer;
        department.HeadId = headId;
        department.Active = active;
        department.UpdatedAt = now;
        department.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (created)
        {
            throw new ConflictException($"Department '{id}' was created by someone else at the same time: reload and apply your change again.");
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Department '{id}' was changed by someone else: reload it and apply your change again.");
        }

        return (department, created);
    }
}
