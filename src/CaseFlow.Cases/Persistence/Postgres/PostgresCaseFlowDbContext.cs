using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Persistence.Postgres;

/// <summary>
/// CaseFlow's database on PostgreSQL: the same model as <see cref="CaseFlowDbContext"/>, a type of its own so that its
/// migrations (in <c>Persistence/Postgres/Migrations</c>) are PostgreSQL's and SQLite's stay SQLite's. Everything
/// else asks for <see cref="CaseFlowDbContext"/> and gets one of these when the provider is PostgreSQL.
/// </summary>
public sealed class PostgresCaseFlowDbContext(DbContextOptions<PostgresCaseFlowDbContext> options) : CaseFlowDbContext(options);
