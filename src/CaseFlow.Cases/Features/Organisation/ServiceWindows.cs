using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>A service window as it stands: how many of its agents are certified and active, and the staffing warning when too few are.</summary>
public sealed record ServiceWindowView(ServiceWindow Window, int CertifiedAgents, int MinimumCertifiedAgents, string? StaffingWarning);

/// <summary>A service window to save (created or replaced); <see cref="Revision"/>, when given, must be the one read.</summary>
public sealed record SaveServiceWindow(string Id, string? Name, string? Channel, IReadOnlyList<string>? AgentIds, bool? Active, long? Revision, Actor Actor);

/// <summary>
/// Service windows and their staffing (Q8): a window with fewer certified, active agents than
/// <see cref="OrganisationOptions.MinimumCertifiedAgents"/> carries a staffing warning, when it is saved and whenever
/// it is read (a person who leaves or loses the certificate later raises it too). The warning does not refuse the
/// save: a centre short of staff still has to record who is on the window.
/// </summary>
public sealed class ServiceWindows(IDbContextFactory<CaseFlowDbContext> dbFactory, IOptions<OrganisationOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<ServiceWindowView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var windows = await db.ServiceWindows.AsNoTracking().OrderBy(w => w.Id).ToListAsync(cancellationToken);
        var certified = await CertifiedAsync(db, windows.SelectMany(w => w.AgentIds), cancellationToken);
        return [.. windows.Select(w => View(w, certified))];
    }

    public async Task<ServiceWindowView> SaveAsync(SaveServiceWindow command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        var id = OrganisationRules.Clean(command.Id);
        if (id is null || id.Length > 64 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors.Add("id", "A window's id is up to 64 lower-case letters, digits and hyphens (e.g. hotline).");
        var name = OrganisationRules.Name(command.Name, "name", errors);
        var channel = OrganisationRules.Clean(command.Channel);
        if (channel is { Length: > 40 })
            errors.Add("channel", "channel is at most 40 characters.");
        var agentIds = (command.AgentIds ?? []).Select(a => a?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.People.AsNoTracking().Where(p => agentIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var unknown in agentIds.Except(known, StringComparer.Ordinal))
            errors.Add("agentIds", $"No person '{unknown}'.");
        errors.ThrowIfAny();

        var window = await db.ServiceWindows.FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (window is null)
        {
            window = new ServiceWindow { Id = id!, Name = name! };
            db.ServiceWindows.Add(window);
        }
        else if (command.Revision is { } revision && revision != window.Revision)
        {
            throw new ConflictException($"Service window '{id}' was changed by someone else: reload it and apply your change again.");
        }

        window.Name = name!;
        window.Channel = channel;
        window.AgentIds = agentIds;
        window.Active = command.Active ?? window.Active;
        window.UpdatedAt = clock.GetUtcNow();
        window.UpdatedBy = command.Actor.UserName;
        window.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Service window '{id}' was changed by someone else: reload it and apply your change again.");
        }

        return View(window, await CertifiedAsync(db, window.AgentIds, cancellationToken));
    }

    private static async Task<HashSet<string>> CertifiedAsync(CaseFlowDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        return (await db.People.AsNoTracking().Where(p => list.Contains(p.Id) && p.Active && p.Certified).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    private ServiceWindowView View(ServiceWindow window, HashSet<string> certified)
    {
        var minimum = options.Value.MinimumCertifiedAgents;
        var count = window.AgentIds.Count(certified.Contains);
        var warning = window.Active && count < minimum
            ? $"Staffing warning: {window.Name} has {count} certified agent{(count == 1 ? "" : "s")}; it needs at least {minimum}."
            : null;
        return new ServiceWindowView(window, count, minimum, warning);
    }
}
