using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Audit;

/// <summary>Filters of the access log, all optional: who, which case, which customer, from and to.</summary>
public sealed record ListCustomerDataAccess(string? UserName = null, string? CaseId = null, string? CustomerId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50);

public sealed record CustomerDataAccessPage(IReadOnlyList<CustomerDataAccess> Items, int Total, int Page, int PageSize);

/// <summary>
/// The log of reads of customer data (Q9): the use cases that show a customer (a case's details, a case search) write
/// an entry for every read they let through; who may read at all is the roles' and the cases' visibility's business.
/// The log is append-only: nothing in CaseFlow changes or deletes an entry.
/// </summary>
public sealed class CustomerDataAudit(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    public async Task RecordAsync(Actor reader, string action, string? caseId, string? customerId, string? detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.CustomerDataAccess.Add(new CustomerDataAccess
        {
            At = clock.GetUtcNow(),
            UserName = reader.UserName,
            Action = action,
            CaseId = caseId,
            CustomerId = customerId,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public async Task<CustomerDataAccessPage> ListAsync(ListCustomerDataAccess query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.CustomerDataAccess.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.UserName))
            rows = rows.Where(r => r.UserName == query.UserName.Trim());
        if (!string.IsNullOrWhiteSpace(query.CaseId))
            rows = rows.Where(r => r.CaseId == query.CaseId.Trim());
        if (!string.IsNullOrWhiteSpace(query.CustomerId))
            rows = rows.Where(r => r.CustomerId == query.CustomerId.Trim());
        if (query.From is { } from)
            rows = rows.Where(r => r.At >= from);
        if (query.To is { } to)
            rows = rows.Where(r => r.At < to);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Id).Skip((int)Math.Min((long)(page - 1) * size, int.MaxValue)).Take(size).ToListAsync(cancellationToken);
        return new CustomerDataAccessPage(items, total, page, size);
    }
}
