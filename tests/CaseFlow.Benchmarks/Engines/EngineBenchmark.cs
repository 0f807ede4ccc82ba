using System.Diagnostics;
using System.Globalization;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;
using CaseFlow.Workflows.Tests.Expressions;
using Jint;

namespace CaseFlow.Benchmarks.Engines;

/// <summary>
/// What a sandboxed JavaScript engine costs when the pool has none to lend: the time to build one (guards installed,
/// every built-in frozen) and to run its first evaluation, and the memory it keeps, against a bare Jint engine doing
/// the same in the same run. A warm evaluation on a pooled engine is measured alongside: that is the common path.
/// </summary>
internal static class EngineBenchmark
{
    private const int Engines = 30;

    public static void Run(TextWriter output)
    {
        // Warm up both paths (JIT), so the first build's compilation does not count.
        BuildSandboxed();
        BuildBare();

        var sandboxed = Median(BuildSandboxed);
        var bare = Median(BuildBare);
        var sandboxedBytes = RetainedPerEngine(BuildSandboxedKept);
        var bareBytes = RetainedPerEngine(BuildBareKept);
        var warm = WarmEvaluation();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Engines} engines each, {Environment.ProcessorCount} logical CPUs, {Environment.Version}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"build + first evaluation: sandboxed {sandboxed:0.00} ms, bare Jint {bare:0.00} ms (ratio {sandboxed / bare:0.0}x)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory kept per engine:  sandboxed {sandboxedBytes / 1024.0:N0} KB, bare Jint {bareBytes / 1024.0:N0} KB (ratio {(double)sandboxedBytes / bareBytes:0.0}x)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm evaluation on a pooled engine: {warm:0.00} µs"));
    }

    private static void BuildSandboxed() => BuildSandboxedKept();

    // A fresh options object has an empty pool, so the evaluation builds an engine.
    private static object BuildSandboxedKept()
    {
        var context = new TestExpressionContext();
        new JavaScriptEvaluator(new JavaScriptOptions()).EvaluateAsync(new Expression(ExpressionTypes.JavaScript, "1 + 1"), context).AsTask().GetAwaiter().GetResult();
        return context.Cache;
    }

    private static void BuildBare() => BuildBareKept();

    private static object BuildBareKept()
    {
        var engine = new Jint.Engine(o => o.LimitMemory(64L * 1024 * 1024).LimitRecursion(200));
        engine.Evaluate("1 + 1");
        return engine;
    }

    private static double Median(Action build)
    {
        var times = new double[Engines];
        for (var i = 0; i < Engines; i++)
        {
            var watch = Stopwatch.StartNew();
            build();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[Engines / 2];
    }

    private static long RetainedPerEngine(Func<object> build)
    {
        var kept = new List<object>(Engines);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Engines; i++)
            kept.Add(build());
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (after - before) / Engines;
    }

    private static double WarmEvaluation()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions());
        var context = new TestExpressionContext();
        var expression = new Expression(ExpressionTypes.JavaScript, "getVariable('x') + 1");
        context.Variables["x"] = 1.0;
        for (var i = 0; i < 1000; i++)
            evaluator.EvaluateAsync(expression, context).AsTask().GetAwaiter().GetResult();
        const int Runs = 20_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
            evaluator.EvaluateAsync(expression, context).AsTask().GetAwaiter().GetResult();
        return watch.Elapsed.TotalMilliseconds * 1000 / Runs;
    }
}
