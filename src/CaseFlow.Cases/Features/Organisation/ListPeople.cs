using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>The directory's filters, all optional: <see cref="Reserve"/> true lists the staff reserve pool, false the regular staff.</summary>
public sealed record ListPeople(string? DepartmentId = null, Position? Position = null, bool? Reserve = null, bool? Active = true, string? Text = null, int Page = 1, int PageSize = 25);

public sealed record PeoplePage(IReadOnlyList<Person> Items, int Total, int Page, int PageSize);

/// <summary>The organisation's people, by name, one page at a time; <see cref="ListPeople.Text"/> matches name, user name, email or phone.</summary>
public sealed class ListPeopleHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public async Task<PeoplePage> HandleAsync(ListPeople query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = db.People.AsNoTracking();
        if (query.DepartmentId is { Length: > 0 } department)
            people = people.Where(p => p.DepartmentId == department);
        if (query.Position is { } position)
            people = people.Where(p => p.Position == position);
        if (query.Reserve is { } reserve)
            people = reserve ? people.Where(p => p.Reserve != null) : people.Where(p => p.Reserve == null);
        if (query.Active is { } active)
            people = people.Where(p => p.Active == active);
        if (query.Text is { Length: > 0 } text)
        {
            var pattern = LikePattern.Containing(text.Trim());
            people = people.Where(p => EF.Functions.Like(p.Name, pattern, LikePattern.EscapeCharacter)
                || (p.UserName != null && EF.Functions.Like(p.UserName, pattern, LikePattern.EscapeCharacter))
                || (p.Email != null && EF.Functions.Like(p.Email, pattern, LikePattern.EscapeCharacter))
                || (p.Phone != null && EF.Functions.Like(p.Phone, pattern, LikePattern.EscapeCharacter)));
        }

        var total = await people.CountAsync(cancellationToken);
        var items = await people.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((int)Math.Min((long)(page - 1) * size, int.MaxValue)).Take(size).ToListAsync(cancellationToken);
        return new PeoplePage(items, total, page, size);
    }
}
