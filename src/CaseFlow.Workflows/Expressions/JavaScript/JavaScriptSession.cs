using System.Globalization;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// One Jint engine per workflow execution, kept in <see cref="ExpressionContext.Cache"/> and reused by every
/// evaluation of that run. Each evaluation gets the full time and memory budget, and leaves no globals behind:
/// the engine's global surface is restored after every evaluation, so one script's <c>const x</c> cannot clash with
/// the next one's.
/// </summary>
internal sealed class JavaScriptSession : IDisposable
{
    internal const string CacheKey = "CaseFlow.JavaScript.Engine";

    private readonly Lock _gate = new();
    private readonly OperationDeadlineConstraint _deadline = new();
    private readonly JavaScriptOptions _options;
    private readonly Engine _engine;
    private readonly ScriptScope _scope;
    private readonly VariableAccessors _accessors;
    private readonly OutputAccessorResolver _outputs = new();
    private readonly AllocationBudget _budget;
    private GlobalSnapshot _clean;

    private JavaScriptSession(JavaScriptOptions options)
    {
        _options = options;
        _budget = new AllocationBudget(options.MemoryLimitBytes, JavaScriptErrors.MemoryLimit(options));
        _engine = new Engine(Configure);
        var converter = new JsValueConverter(_engine, MaxResultValues(options), JavaScriptErrors.MemoryLimit(options) + " (result too large)");
        _scope = new ScriptScope(_engine, converter);
        _outputs.Scope = _scope;
        var builtIns = BuiltInFunctions.Install(_scope);
        AllocationGuards.Install(_engine, _budget, _deadline);
        TemplateLiterals.Install(_engine, _budget);
        // After the guards, so that the frozen built-ins are the guarded ones.
        var freeze = Intrinsics.Freeze(_engine);
        _scope.Harden = function => freeze.Call(function);
        _engine.SetValue("variables", _engine.Advanced.CreateProxy(new JsObject(_engine), new VariablesProxyHandler(_scope)));
        _accessors = new VariableAccessors(_scope, builtIns);
        _clean = _engine.Advanced.CaptureGlobalSnapshot();
    }

    public static JavaScriptSession For(ExpressionContext context, JavaScriptOptions options)
    {
        if (context.Cache.TryGetValue(CacheKey, out var cached) && cached is JavaScriptSession session)
        {
            return session;
        }

        session = options.Pool.TryTake(out var pooled) ? pooled : new JavaScriptSession(options);
        context.Cache[CacheKey] = session;
        return session;
    }

    public object? Evaluate(CompiledScript script, ExpressionContext context)
    {
        // Parallel branches of one run may share the engine; an engine runs one script at a time.
        lock (_gate)
        {
            if (_accessors.Install(context))
            {
                _clean = _engine.Advanced.CaptureGlobalSnapshot();
            }

            _scope.Context = context;
            // The deadline spans the result conversion too: reading a getter of the returned object runs script.
            _deadline.Begin(_options.TimeLimit, context.CancellationToken);
            _budget.Begin();
            try
            {
                var result = _engine.Evaluate(script.Script);
                return _scope.Converter.ToClr(result.IsPromise() ? Settled(result) : result);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _engine.Advanced.ResetCallStack();
                throw JavaScriptErrors.From(e, _options, runScript: true);
            }
            finally
            {
                _deadline.End();
                _budget.End();
                _scope.Leave();
                _engine.Advanced.RestoreGlobalSnapshot(_clean);
            }
        }
    }

    // Evaluate has already run every queued job, and scripts have no timers or host tasks, so a promise still
    // pending now never settles: waiting for it would only block the thread.
    private static JsValue Settled(JsValue promise)
    {
        try
        {
            // A cancelled token makes Jint answer at once: the settled value, or cancellation while still pending.
            return promise.UnwrapIfPromise(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException e)
        {
            throw new ExpressionException("JavaScript error: the script returned a promise that never settles", e);
        }
    }

    /// <summary>
    /// Called by the runtime when a burst ends: the engine goes back to the options' pool (its globals are already
    /// clean after every evaluation), or is disposed when the pool is full.
    /// </summary>
    public void Dispose()
    {
        if (_options.Pool.Count < MaxPooled)
            _options.Pool.Add(this);
        else
            _engine.Dispose();
    }

    private const long SetUpAllocationBytes = 32L * 1024 * 1024;

    // Building an engine now costs about 60 ms (the guards, and freezing ~900 built-ins) and it keeps about 0.6 MB
    // (`--engines` benchmark): keep enough for every burst a busy node runs at once (Hangfire workers plus HTTP
    // requests), so a pool miss is a start-up cost rather than a per-burst one. 32 engines are about 20 MB.
    private static readonly int MaxPooled = Math.Max(32, Environment.ProcessorCount * 8);

    private void Configure(Options o)
    {
        o.Strict = false;
        o.Culture = CultureInfo.InvariantCulture;
        o.TimeZone = _options.TimeZone;
        o.Interop.Enabled = false;
        o.Host.StringCompilationAllowed = false;
        // Atomics.wait would block the thread with no deadline check.
        o.AgentCanSuspend = false;
        // Recursion through getters, toString or proxies bypasses the call-depth count; without this guard it would
        // overflow the native stack and kill the process.
        o.Constraints.StackOverflowGuard = true;
        o.Constraint(_deadline);
        // Only unresolvable names: other interests would disable the interpreter's fast property paths.
        o.SetReferencesResolver(_outputs, ReferenceResolverInterests.UnresolvableReference);
        if (_options.MemoryLimitBytes > 0)
        {
            // Jint's own constraint is the one that charges deferred string concatenations (ropes) as they are built.
            // It also counts the engine's set-up scripts, hence the floor; below it, the budget checks statements too.
            o.LimitMemory(Math.Max(_options.MemoryLimitBytes, SetUpAllocationBytes));
            if (_options.MemoryLimitBytes < SetUpAllocationBytes)
            {
                o.Constraint(_budget);
            }
        }

        if (_options.RecursionLimit >= 0)
        {
            o.LimitRecursion(_options.RecursionLimit);
        }

        if (_options.MaxStatements > 0)
        {
            o.MaxStatements(_options.MaxStatements);
        }

        if (_options.TimeLimit > TimeSpan.Zero)
        {
            o.Constraints.RegexTimeout = _options.TimeLimit;
            o.Constraints.PromiseTimeout = _options.TimeLimit;
        }
    }

    // Roughly one result value per 64 bytes of the memory budget: far above any real workflow value.
    private static long MaxResultValues(JavaScriptOptions options) =>
        options.MemoryLimitBytes > 0 ? Math.Max(options.MemoryLimitBytes / 64, 1024) : long.MaxValue;
}
