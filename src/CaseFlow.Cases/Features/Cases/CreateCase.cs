using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Cases;

public sealed record CustomerInput(string? Name, string? Phone, string? Email, string? Segment);

/// <summary>
/// Intake: a complaint or inquiry with the customer's claim and contact details. With an
/// <see cref="IdempotencyKey"/>, the same key from the same user files one case, however often it is sent.
/// </summary>
public sealed record CreateCase(string? Type, string? Channel, CustomerInput? Customer, string? Description, string? Category, string? Priority, Actor Actor, string? IdempotencyKey = null);

/// <summary>
/// Files a case and starts its workflow (correlated by the case id, instance id derived from it). The case row is
/// committed first; its workflow is started with a fixed instance id, so a repeat after a crash
/// (<see cref="StartMissingWorkflowsAsync"/>) cannot start a second instance.
/// </summary>
public sealed class CreateCaseHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, EfWorkflowDefinitionStore definitions, DurableWorkflowRuntime runtime, IOptions<CaseOptions> options, TimeProvider clock, BusinessCalendar calendar, Organisation.EscalationChain organisation, IOptions<Drills.DrillOptions> drillOptions, ILogger<CreateCaseHandler>? logger = null)
{
    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIntakeKeyLength = 200;

    public async Task<Case> HandleAsync(CreateCase command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = options.Value;
        var errors = new ValidationErrors();
        var intakeKey = command.IdempotencyKey is null ? null : $"{command.Actor.UserName}:{command.IdempotencyKey}";
        if (command.IdempotencyKey is { } key && (key.Length is 0 or > MaxIntakeKeyLength || key.Any(char.IsControl)))
            errors.Add("Idempotency-Key", $"An idempotency key is 1 to {MaxIntakeKeyLength} printable characters.");
        else if (intakeKey is not null && await FindByIntakeKeyAsync(intakeKey, cancellationToken) is { } filed)
            return filed;
        var type = EnumInput.Parse<CaseType>(command.Type, "type", errors, required: true);
        var channel = EnumInput.Parse<CaseChannel>(command.Channel, "channel", errors, required: true);
        var priority = EnumInput.Parse<CasePriority>(command.Priority, "priority", errors, required: false) ?? CasePriority.Normal;
        if (type == CaseType.Emergency)
            errors.Add("type", "An emergency is reported at POST /api/emergencies (it has an event type, not a customer).");
        if (type == CaseType.Drill)
            errors.Add("type", "A drill is planned at POST /api/drills (it has a scenario, not a customer).");
        if (channel == CaseChannel.Internal)
            errors.Add("channel", "internal is the channel of emergencies: a customer's case came by phone, email, online or social.");
        var customer = command.Customer;
        if (customer is null || string.IsNullOrWhiteSpace(customer.Name))
            errors.Add("customer.name", "The customer's name is required.");
        if (customer is null || (string.IsNullOrWhiteSpace(customer.Phone) && string.IsNullOrWhiteSpace(customer.Email)))
            errors.Add("customer.phone", "A phone number or an email address is required, to follow the case up.");
        if (customer?.Email is { Length: > 0 } email && !email.Contains('@', StringComparison.Ordinal))
            errors.Add("customer.email", $"'{email}' is not an email address.");
        var segment = EnumInput.Parse<CustomerSegment>(customer?.Segment, "customer.segment", errors, required: false) ?? CustomerSegment.Regular;
        if (string.IsNullOrWhiteSpace(command.Description))
            errors.Add("description", "Describe the customer's claim.");
        var category = string.IsNullOrWhiteSpace(command.Category) ? null : command.Category.Trim();
        if (category is not null && type is { } t)
        {
            var allowed = t == CaseType.Complaint ? settings.ComplaintCategories : settings.InquiryCategories;
            if (!allowed.Contains(category, StringComparer.OrdinalIgnoreCase))
                errors.Add("category", $"'{category}' is not a {t.ToString().ToLowerInvariant()} category: one of {string.Join(", ", allowed)}.");
            else
                category = allowed.First(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));
        }

        errors.ThrowIfAny();
        var workflowId = settings.Workflows.GetValueOrDefault(type!.Value.ToString());
        var definition = workflowId is null ? null : await definitions.FindPublishedAsync(workflowId, cancellationToken);
        if (definition is null)
            throw new ConflictException($"No published workflow '{workflowId}' handles {type.Value.ToString().ToLowerInvariant()} cases");

        var now = clock.GetUtcNow();
        Case created;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var known = await FindCustomerAsync(db, customer!, cancellationToken);
            if (known is null)
            {
                known = new Customer { Id = NewId(), Name = customer!.Name!.Trim(), CreatedAt = now };
                db.Customers.Add(known);
            }

            known.Name = customer!.Name!.Trim();
            known.Phone = Clean(customer.Phone) ?? known.Phone;
            known.Email = Clean(customer.Email) ?? known.Email;
            known.Segment = customer.Segment is null ? known.Segment : segment;
            known.UpdatedAt = now;

            var id = NewId();
            created = new Case
            {
                Id = id,
                Number = await NextNumberAsync(db, settings.NumberPrefix, IntakeYear(now), cancellationToken),
                Type = type.Value,
                Channel = channel!.Value,
                CustomerId = known.Id,
                Description = command.Description!.Trim(),
                Category = category,
                Priority = priority,
                Status = CaseStatus.New,
                WorkflowDefinitionId = definition.DefinitionId,
                WorkflowInstanceId = InstanceIdFor(id),
                CreatedBy = command.Actor.UserName,
                IntakeKey = intakeKey,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Cases.Add(created);
            db.Timeline.Add(new TimelineEntry
            {
                CaseId = id,
                At = now,
                Kind = TimelineKind.Case,
                Title = $"{type} received by {channel.Value.ToString().ToLowerInvariant()}",
                Code = "received",
                Args = new() { ["type"] = type.ToString()!, ["channel"] = channel.Value.ToString() },
                Actor = command.Actor.UserName,
                Detail = created.Description,
                SourceId = "received",
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (intakeKey is not null)
            {
                // The same request, sent again before the first had answered, filed it first.
                return await FindByIntakeKeyAsync(intakeKey, CancellationToken.None) ?? throw new ConflictException("The case could not be filed; send the request again.");
            }

            created.Customer = known;
        }

        await StartWorkflowAsync(created, definition, cancellationToken);
        return created;
    }

    private async Task<Case?> FindByIntakeKeyAsync(string intakeKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().Include(c => c.Customer).FirstOrDefaultAsync(c => c.IntakeKey == intakeKey, cancellationToken);
    }

    /// <summary>
    /// Files a case linked to <paramref name="parentCaseId"/> for the same customer (a follow-up case after a negative
    /// survey) under a fixed id, and starts its own workflow (with its own SLAs). Filing the same id again returns the
    /// case already filed: the outbox message that asks for it may be delivered twice.
    /// </summary>
    public async Task<Case?> OpenLinkedAsync(string parentCaseId, string caseId, CaseType type, string description, CasePriority? priority, string? reason, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        Case created;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Cases.AsNoTracking().Include(c => c.Customer).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken) is { } existing)
                return existing;
            var parent = await db.Cases.AsNoTracking().Include(c => c.Customer).FirstOrDefaultAsync(c => c.Id == parentCaseId, cancellationToken);
            if (parent is null)
                return null;
            var workflowId = settings.Workflows.GetValueOrDefault(type.ToString());
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            created = new Case
            {
                Id = caseId,
                Number = await NextNumberAsync(db, settings.NumberPrefix, IntakeYear(now), cancellationToken),
                Type = type,
                Channel = parent.Channel,
                CustomerId = parent.CustomerId,
                Description = description,
                Category = type == parent.Type ? parent.Category : null,
                Priority = priority ?? parent.Priority,
                Owner = parent.Owner,
                ParentCaseId = parent.Id,
                Status = CaseStatus.New,
                WorkflowDefinitionId = workflowId,
                WorkflowInstanceId = InstanceIdFor(caseId),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Cases.Add(created);
            db.Timeline.Add(new TimelineEntry { CaseId = caseId, At = now, Kind = TimelineKind.Case, Title = $"Follow-up case of {parent.Number}", Detail = reason, SourceId = "received", Code = "followUpCaseOf", Args = new() { ["number"] = parent.Number } });
            db.Timeline.Add(new TimelineEntry { CaseId = parent.Id, At = now, Kind = TimelineKind.FollowUp, Title = $"Follow-up case {created.Number} opened", Detail = reason, SourceId = "linked:" + caseId, Code = "followUpCaseOpened", Args = new() { ["number"] = created.Number } });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Filed at the same moment by a second delivery.
                await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
                return await again.Cases.AsNoTracking().Include(c => c.Customer).FirstAsync(c => c.Id == caseId, cancellationToken);
            }

            created.Customer = parent.Customer;
        }

        var definition = created.WorkflowDefinitionId is null ? null : await definitions.FindPublishedAsync(created.WorkflowDefinitionId, cancellationToken);
        if (definition is not null)
            await StartWorkflowAsync(created, definition, cancellationToken);
        return created;
    }

    /// <summary>Starts the workflow of cases filed before a crash stopped their start (start-up recovery).</summary>
    public async Task<int> StartMissingWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        List<Case> cases;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            cases = await db.Cases.AsNoTracking().Include(c => c.Customer)
                .Where(c => c.WorkflowInstanceId != null && c.Status == CaseStatus.New)
                .Where(c => !db.WorkflowInstances.Any(i => i.Id == c.WorkflowInstanceId))
                .OrderBy(c => c.CreatedAt)
                .Take(500)
                .ToListAsync(cancellationToken);
        }

        foreach (var pending in cases)
        {
            // One case whose workflow cannot start (a definition that cannot be read) must not hold up the others.
            try
            {
                var definition = await definitions.FindPublishedAsync(pending.WorkflowDefinitionId!, cancellationToken);
                IReadOnlyDictionary<string, object?>? extra = null;
                if (pending.Type == CaseType.Emergency)
                {
                    await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                    extra = await db.Emergencies.AsNoTracking().FirstOrDefaultAsync(e => e.CaseId == pending.Id, cancellationToken) is { } emergency
                        ? await Emergencies.RaiseEmergencyHandler.WorkflowInputAsync(emergency, organisation, cancellationToken)
                        : null;
                }
                else if (pending.Type == CaseType.Drill)
                {
                    await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                    extra = await db.Drills.AsNoTracking().FirstOrDefaultAsync(d => d.CaseId == pending.Id, cancellationToken) is { } drill
                        ? await Drills.PlanDrillHandler.WorkflowInputAsync(drill, drillOptions.Value, organisation, cancellationToken)
                        : null;
                }

                if (definition is not null)
                    await StartWorkflowAsync(pending, definition, cancellationToken, extra);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (logger ?? NullLogger<CreateCaseHandler>.Instance).LogError(ex, "The workflow of case {CaseId} could not be started: {Reason}; the next sweep tries again", pending.Id, ex.Message);
            }
        }

        return cases.Count;
    }

    /// <summary>Starts the case's workflow under its fixed instance id (a second start is a no-op); <paramref name="extra"/> adds to the input.</summary>
    internal async Task StartWorkflowAsync(Case created, Workflows.Definitions.WorkflowDefinition definition, CancellationToken cancellationToken, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var input = new Dictionary<string, object?>
        {
            ["caseId"] = created.Id,
            ["caseNumber"] = created.Number,
            ["type"] = created.Type.ToString(),
            ["channel"] = created.Channel.ToString(),
            ["category"] = created.Category,
            ["priority"] = created.Priority.ToString(),
            ["description"] = created.Description,
            ["customerName"] = created.Customer?.Name,
            ["customerSegment"] = created.Customer?.Segment.ToString(),
            ["parentCaseId"] = created.ParentCaseId,
        };
        if (created.IsDrill)
            input["isDrill"] = true;
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
            input[key] = value;
        try
        {
            await runtime.StartAsync(definition, new StartWorkflowOptions
            {
                InstanceId = created.WorkflowInstanceId,
                CorrelationId = created.Id,
                Input = input,
            }, cancellationToken);
        }
        catch (WorkflowConcurrencyException)
        {
            // Already started (a recovery raced the original start): one instance per case.
        }
    }

    public static string InstanceIdFor(string caseId) => "case-" + caseId;

    private static async Task<Customer?> FindCustomerAsync(CaseFlowDbContext db, CustomerInput input, CancellationToken cancellationToken)
    {
        var phone = Clean(input.Phone);
        var email = Clean(input.Email);
        if (phone is not null && await db.Customers.FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken) is { } byPhone)
            return byPhone;
        return email is null ? null : await db.Customers.FirstOrDefaultAsync(c => c.Email == email, cancellationToken);
    }

    // The year of intake as the service's clock on the wall shows it (the calendar's zone), not UTC's: a case filed
    // in the first hours of 1 January in Shanghai belongs to the new year.
    internal int IntakeYear(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, calendar.TimeZone).Year;

    // Numbers restart each year; the upsert runs in the intake transaction, so two intakes never share a number.
    internal static async Task<string> NextNumberAsync(CaseFlowDbContext db, string prefix, int year, CancellationToken cancellationToken)
    {
        var next = await db.Database
            .SqlQuery<long>($"INSERT INTO \"CaseNumberSequences\" (\"Year\", \"Last\") VALUES ({year}, 1) ON CONFLICT (\"Year\") DO UPDATE SET \"Last\" = \"CaseNumberSequences\".\"Last\" + 1 RETURNING \"Last\" AS \"Value\"")
            .ToListAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{next[0]:D6}");
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string NewId() => Guid.CreateVersion7().ToString("N");
}
