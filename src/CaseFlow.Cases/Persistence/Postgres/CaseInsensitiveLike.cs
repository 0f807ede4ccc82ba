using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseFlow.Cases.Persistence.Postgres;

/// <summary>
/// Makes <c>EF.Functions.Like</c> ignore case on PostgreSQL, as SQLite's LIKE does: every search (cases, people,
/// definitions) finds "Li Wei" for "li wei" on either database. It rewrites LIKE to PostgreSQL's ILIKE before the
/// query is translated, so queries are written once, provider-neutral.
/// </summary>
internal sealed class CaseInsensitiveLike : IQueryExpressionInterceptor
{
    /// <summary>One for every context: it holds nothing, and one instance keeps EF's internal services shared.</summary>
    public static readonly CaseInsensitiveLike Instance = new();

    private static readonly MethodInfo Like = Method(typeof(DbFunctionsExtensions), nameof(DbFunctionsExtensions.Like), 3);
    private static readonly MethodInfo LikeEscaped = Method(typeof(DbFunctionsExtensions), nameof(DbFunctionsExtensions.Like), 4);
    private static readonly MethodInfo ILike = Method(typeof(NpgsqlDbFunctionsExtensions), nameof(NpgsqlDbFunctionsExtensions.ILike), 3);
    private static readonly MethodInfo ILikeEscaped = Method(typeof(NpgsqlDbFunctionsExtensions), nameof(NpgsqlDbFunctionsExtensions.ILike), 4);

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) => new Rewriter().Visit(queryExpression);

    private static MethodInfo Method(Type type, string name, int parameters) =>
        type.GetMethods().Single(m => m.Name == name && m.GetParameters().Length == parameters && m.GetParameters().Skip(1).All(p => p.ParameterType == typeof(string)));

    private sealed class Rewriter : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            if (visited.Method == Like)
                return Expression.Call(ILike, visited.Arguments);
            if (visited.Method == LikeEscaped)
                return Expression.Call(ILikeEscaped, visited.Arguments);
            return visited;
        }
    }
}
