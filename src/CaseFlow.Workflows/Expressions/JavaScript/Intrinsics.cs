using Acornima.Ast;
using Jint;
using Jint.Native;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Engines are pooled and shared by every definition, and the global snapshot only restores the global object's own
/// properties: a script that set <c>Array.prototype.join</c> or <c>Object.prototype.x</c> would change every later run
/// (and could read its data). So, once the guards are installed, every object reachable from the globals — built-in
/// constructors, their prototypes, JSON, Math, Reflect, the hidden iterator and generator prototypes, the host
/// functions — is frozen. A sloppy-mode assignment to them is silently ignored, as it is for any frozen object.
/// <para>
/// Freezing a prototype would make <c>obj.toString = f</c> fail on every plain object (the "override mistake"); the
/// properties scripts commonly override that way become accessors that define the property on the object itself,
/// as SES does. The global object stays extensible (scripts declare globals) and the snapshot resets it; what the
/// snapshot cannot reset, its prototype and its extensibility, cannot be changed.
/// </para>
/// </summary>
internal static class Intrinsics
{
    private const string Installer = """
        (function () {
          'use strict';
          const global = globalThis;
          const apply = Reflect.apply, defineProperty = Object.defineProperty, reflectDefine = Reflect.defineProperty,
                getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, getPrototypeOf = Object.getPrototypeOf,
                ownKeys = Reflect.ownKeys, freeze = Object.freeze, hasOwn = Object.prototype.hasOwnProperty,
                TypeErrorType = TypeError;
          const isObject = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');

          // Override mistake: `o.toString = f` on an object inheriting a frozen toString defines o's own property.
          const enable = (owner, key) => {
            const desc = getOwnPropertyDescriptor(owner, key);
            if (desc === undefined || !('value' in desc) || !desc.writable) return;
            const value = desc.value;
            defineProperty(owner, key, {
              get: function () { return value; },
              set: function (v) {
                if (!isObject(this) || this === owner) return;
                if (apply(hasOwn, this, [key])) { this[key] = v; return; }
                reflectDefine(this, key, { value: v, writable: true, enumerable: true, configurable: true });
              },
              enumerable: desc.enumerable,
              configurable: false,
            });
          };
          for (const key of ['toString', 'toLocaleString', 'valueOf', 'constructor']) enable(Object.prototype, key);
          for (const key of ['toString', 'constructor']) { enable(Function.prototype, key); enable(Array.prototype, key); }
          for (const type of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
                              typeof AggregateError === 'function' ? AggregateError : Error]) {
            for (const key of ['name', 'message', 'constructor', 'toString']) enable(type.prototype, key);
          }
          enable(Promise.prototype, 'constructor');

          // The global object's prototype and extensibility are not part of the snapshot: refuse to change them.
          const refuseGlobal = (owner, name) => {
            const original = owner[name];
            defineProperty(owner, name, {
              value: { [name](target, ...rest) {
                if (target === global) throw new TypeErrorType('the global object cannot be ' + (name.endsWith('rototypeOf') ? 'given another prototype' : 'frozen or sealed'));
                return apply(original, this, [target, ...rest]);
              } }[name],
              writable: false, enumerable: false, configurable: false,
            });
          };
          for (const name of ['preventExtensions', 'freeze', 'seal', 'setPrototypeOf']) refuseGlobal(Object, name);
          for (const name of ['preventExtensions', 'setPrototypeOf']) refuseGlobal(Reflect, name);
          const proto = getOwnPropertyDescriptor(Object.prototype, '__proto__');
          if (proto !== undefined && proto.set !== undefined) {
            const set = proto.set;
            defineProperty(Object.prototype, '__proto__', {
              get: proto.get,
              set: function (v) {
                if (this === global) throw new TypeErrorType('the global object cannot be given another prototype');
                return apply(set, this, [v]);
              },
              enumerable: false, configurable: false,
            });
          }

          // A cleanup callback registered by one run would run later, inside another run's evaluation. A ShadowRealm
          // has fresh, unguarded and unfrozen built-ins. Temporal is large (freezing it would double the engine's
          // build time) and no workflow script needs it.
          for (const name of ['FinalizationRegistry', 'ShadowRealm', 'Temporal']) delete global[name];

          // Intrinsics no global names: reach them through instances.
          const seeds = [];
          const seed = (make) => { try { seeds.push(make()); } catch { } };
          seed(() => function* () {});
          seed(() => (function* () {})());
          seed(() => async function () {});
          seed(() => async function* () {});
          seed(() => (async function* () {})());
          seed(() => [][Symbol.iterator]());
          seed(() => ''[Symbol.iterator]());
          seed(() => new Map().entries());
          seed(() => new Set().values());
          seed(() => /a/g[Symbol.matchAll](''));
          seed(() => [].values().map((x) => x));
          seed(() => Iterator.from({ next() { return { done: true }; } }));
          seed(() => new Intl.Segmenter().segment(''));
          seed(() => new Intl.Segmenter().segment('')[Symbol.iterator]());
          seed(() => getOwnPropertyDescriptor(function () { 'use strict'; return arguments; }(), 'callee').get);

          const seen = new Set([global]);
          const pending = [];
          const visit = (v) => { if (isObject(v) && !seen.has(v)) { seen.add(v); pending.push(v); } };
          for (const key of ownKeys(global)) {
            if (key === 'variables') continue;
            const desc = getOwnPropertyDescriptor(global, key);
            visit(desc.value); visit(desc.get); visit(desc.set);
          }
          for (const s of seeds) visit(s);
          while (pending.length > 0) {
            const o = pending.pop();
            freeze(o);
            visit(getPrototypeOf(o));
            for (const key of ownKeys(o)) {
              const desc = getOwnPropertyDescriptor(o, key);
              visit(desc.value); visit(desc.get); visit(desc.set);
            }
          }
          // For host functions installed later (the per-variable getters and setters).
          return freeze;
        })
        """;

    private static readonly Prepared<Script> PreparedInstaller = Engine.PrepareScript(Installer);

    /// <summary>Freezes the engine's intrinsics and globals; returns <c>Object.freeze</c> for functions defined later.</summary>
    public static JsValue Freeze(Engine engine) => engine.Evaluate(PreparedInstaller).Call();
}
