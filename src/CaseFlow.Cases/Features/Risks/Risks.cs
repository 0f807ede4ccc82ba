using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Risks;

/// <summary>A risk to record (no id) or to change (its id and the revision read).</summary>
public sealed record SaveRisk(string? Id, string? Title, string? Description, string? Category, int? Grade, string? SpecialPlan, string? Owner, long? Revision, Actor Actor);

/// <summary>A risk with what its grade calls for.</summary>
public sealed record RiskView(Risk Risk, string Strategy, bool RequiresSpecialPlan, bool OffersActivation);

/// <summary>
/// The risk register (E21): save (one of five categories, one of five grades; a significant risk needs its special
/// plan), list (highest grade first), and the activation of the emergency plan an extraordinarily major risk offers.
/// </summary>
public sealed class RiskRegister(IDbContextFactory<CaseFlowDbContext> dbFactory, RaiseEmergencyHandler emergencies, TimeProvider clock)
{
    public const int MaxText = 4000;

    public static RiskView View(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return new(risk, RiskStrategies.For(risk.Grade), risk.Grade == RiskGrade.Significant, risk.Grade == RiskGrade.ExtraordinarilyMajor && risk.EmergencyCaseId is null);
    }

    public async Task<RiskView> SaveAsync(SaveRisk command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        var title = command.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
            errors.Add("title", "Give the risk a title (at most 200 characters).");
        var category = EnumInput.Parse<RiskCategory>(command.Category, "category", errors, required: true);
        if (command.Grade is not (>= 1 and <= 5))
            errors.Add("grade", "grade is required: 1 (negligible) to 5 (extraordinarily major).");
        var specialPlan = command.SpecialPlan?.Trim();
        if (command.Grade == (int)RiskGrade.Significant && string.IsNullOrEmpty(specialPlan))
            errors.Add("specialPlan", "A significant risk (grade 3) needs its special emergency plan.");
        foreach (var (field, text) in new[] { ("description", command.Description), ("specialPlan", specialPlan) })
        {
            if (text is { Length: > MaxText })
                errors.Add(field, $"{field} is at most {MaxText} characters.");
        }

        errors.ThrowIfAny();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Risk risk;
        if (command.Id is null)
        {
            risk = new Risk { Id = Guid.CreateVersion7().ToString("N"), Title = title!, CreatedBy = command.Actor.UserName, CreatedAt = now };
            db.Risks.Add(risk);
        }
        else
        {
            risk = await db.Risks.FirstOrDefaultAsync(r => r.Id == command.Id, cancellationToken) ?? throw new NotFoundException($"No risk '{command.Id}'.");
            if (command.Revision is { } revision && revision != risk.Revision)
                throw new ConflictException($"Risk {risk.Id} was changed by someone else (revision {risk.Revision}, not {revision}): reload it");
        }

        risk.Title = title!;
        risk.Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim();
        risk.Category = category!.Value;
        risk.Grade = (RiskGrade)command.Grade!.Value;
        risk.SpecialPlan = string.IsNullOrEmpty(specialPlan) ? null : specialPlan;
        risk.Owner = string.IsNullOrWhiteSpace(command.Owner) ? null : command.Owner.Trim();
        risk.UpdatedAt = now;
        risk.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Risk {risk.Id} was changed by someone else: reload it");
        }

        return View(risk);
    }

    public async Task<IReadOnlyList<RiskView>> ListAsync(RiskCategory? category = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var risks = db.Risks.AsNoTracking();
        if (category is { } c)
            risks = risks.Where(r => r.Category == c);
        return [.. (await risks.ToListAsync(cancellationToken)).OrderByDescending(r => r.Grade).ThenBy(r => r.Title, StringComparer.Ordinal).Select(View)];
    }

    /// <summary>
    /// Activates the emergency plan for an extraordinarily major risk: raises an emergency (warning stage, its
    /// workflow goes to the general manager), once per risk.
    /// </summary>
    public async Task<RiskView> ActivateAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var risk = await db.Risks.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException($"No risk '{id}'.");
        if (risk.Grade != RiskGrade.ExtraordinarilyMajor)
            throw new ConflictException($"Only an extraordinarily major risk (grade 5) activates the emergency plan; this one is grade {(int)risk.Grade}");
        var eventType = risk.Category switch
        {
            RiskCategory.Technical => "system-failure",
            RiskCategory.Customer => "customer-complaint",
            _ => "other",
        };
        var (raised, _) = await emergencies.HandleAsync(new RaiseEmergency(eventType, $"Risk activated: {risk.Title}. {risk.Description}".Trim(), null, risk.Description, [], actor)
        {
            TriggerKey = "risk:" + risk.Id,
        }, cancellationToken);
        if (risk.EmergencyCaseId is null)
        {
            risk.EmergencyCaseId = raised.Id;
            risk.UpdatedAt = clock.GetUtcNow();
            risk.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Activated at the same moment by someone else: the emergency is the same one (its trigger key).
            }
        }

        return View(risk);
    }
}
