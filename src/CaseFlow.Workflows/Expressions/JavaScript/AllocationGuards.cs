using System.Text;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Jint checks the memory limit between statements, so one native call sized by its arguments (<c>'x'.repeat(3e8)</c>,
/// <c>new Array(501).join(big)</c>, <c>new ArrayBuffer(2e9)</c>) could allocate gigabytes before the check. These
/// guards reserve a call's worst-case output against what the evaluation has already allocated and refuse it before
/// it allocates.
/// <para>
/// Scripts cannot walk around them: the wrappers close over the originals and over every helper they use (nothing is
/// looked up on the global object at call time), coerce each argument exactly once and hand the original the coerced
/// primitives (a <c>valueOf</c> that answers differently on its second read is never read twice), and
/// <see cref="Intrinsics"/> freezes them in place afterwards. The wrappers are script so that calling the original stays
/// inside the current evaluation: re-entering the engine from .NET would start a new top-level run.
/// </para>
/// </summary>
internal static class AllocationGuards
{
    private const string Installer = """
        (function (h) {
          'use strict';
          const reserve = h.reserve, join = h.join, replaceBound = h.replaceBound, regExpReplaceBound = h.regExpReplaceBound,
                listFrom = h.listFrom, isRegExp = h.isRegExp, jsonReplacer = h.jsonReplacer,
                arrayLength = h.arrayLength;
          const apply = Reflect.apply, construct = Reflect.construct, defineProperty = Object.defineProperty,
                getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, getPrototypeOf = Object.getPrototypeOf,
                trunc = Math.trunc, TypeErrorType = TypeError, toObject = Object, indexOf = String.prototype.indexOf,
                WeakMapType = WeakMap, weakGet = WeakMap.prototype.get, weakSet = WeakMap.prototype.set,
                arrayIndexOf = Array.prototype.indexOf, symbolReplace = Symbol.replace, symbolMatch = Symbol.match, symbolIterator = Symbol.iterator;
          const isObject = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
          // ToString and RequireObjectCoercible: a template literal coerces exactly as the built-ins do, symbols throw.
          const text = (v) => `${v}`;
          const thisText = (v) => {
            if (v === null || v === undefined) throw new TypeErrorType('String.prototype method called on null or undefined');
            return `${v}`;
          };
          // Unary plus is ToNumber (a BigInt throws, as in the built-ins); the result is an integer or an infinity.
          const integer = (v) => { const n = +v; return n !== n ? 0 : trunc(n); };
          const length = (v) => { const n = integer(v); return n < 0 ? 0 : n > 9007199254740991 ? 9007199254740991 : n; };
          const index = (v) => v === undefined ? 0 : integer(v);
          const install = (owner, key, name, arity, body) => {
            defineProperty(body, 'name', { value: name });
            defineProperty(body, 'length', { value: arity });
            defineProperty(owner, key, { value: body, writable: false, enumerable: false, configurable: false });
          };
          const method = (owner, name, arity, make) => install(owner, name, name, arity, make(owner[name]));
          // A replacement function's results are coerced once and reserved one by one: the built-in appends them natively.
          // The total is kept here: the built-ins may build into pooled buffers, which the allocation counter never sees.
          const counted = (fn) => {
            let total = 0;
            return function (...args) { const r = text(apply(fn, undefined, args)); total += r.length; reserve(total * 2); return r; };
          };

          method(String.prototype, 'repeat', 1, (original) => function (count) {
            const s = thisText(this), n = integer(count);
            if (n > 0 && n !== Infinity) reserve(s.length * n * 2);
            return apply(original, s, [n]);
          });
          for (const name of ['padStart', 'padEnd']) {
            method(String.prototype, name, 1, (original) => function (maxLength, fillString) {
              const s = thisText(this), n = length(maxLength), fill = fillString === undefined ? undefined : text(fillString);
              if (n > s.length && fill !== '') reserve(n * 2);
              return apply(original, s, [n, fill]);
            });
          }
          method(String.prototype, 'concat', 1, (original) => function (...args) {
            const s = thisText(this);
            let total = s.length;
            for (let i = 0; i < args.length; i++) { args[i] = text(args[i]); total += args[i].length; }
            reserve(total * 2);
            return apply(original, s, args);
          });
          // Case mapping expands a character to at most three; normalization to at most four (NFD) or eighteen (NFKC/NFKD).
          for (const name of ['toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase']) {
            method(String.prototype, name, 0, (original) => function (...args) {
              const s = thisText(this);
              reserve(s.length * 3 * 2);
              return apply(original, s, args);
            });
          }
          method(String.prototype, 'normalize', 0, (original) => function (form) {
            const s = thisText(this), f = form === undefined ? 'NFC' : text(form);
            reserve(s.length * (f === 'NFKC' || f === 'NFKD' ? 18 : 4) * 2);
            return apply(original, s, [f]);
          });
          for (const [name, all] of [['replace', false], ['replaceAll', true]]) {
            method(String.prototype, name, 2, (original) => function (pattern, replacement) {
              if (this === null || this === undefined) thisText(this);
              if (isObject(pattern)) {
                if (all && isRegExp(pattern) && apply(indexOf, text(pattern.flags), ['g']) < 0) {
                  throw new TypeErrorType('replaceAll must be called with a global RegExp');
                }
                const replacer = pattern[symbolReplace];
                // RegExp's own @@replace is guarded below; another object's @@replace is script, checked as it runs.
                if (replacer !== undefined && replacer !== null) return apply(replacer, pattern, [this, replacement]);
              }
              const s = text(this), p = text(pattern);
              if (typeof replacement === 'function') return apply(original, s, [p, counted(replacement)]);
              const r = text(replacement);
              reserve(replaceBound(s, p, r, all));
              return apply(original, s, [p, r]);
            });
          }
          install(RegExp.prototype, symbolReplace, '[Symbol.replace]', 2, ((original) => function (string, replacement) {
            const s = text(string);
            if (typeof replacement === 'function') return apply(original, this, [s, counted(replacement)]);
            const r = text(replacement);
            reserve(regExpReplaceBound(s, r));
            return apply(original, this, [s, r]);
          })(RegExp.prototype[symbolReplace]));
          // A global match builds one string per match, up to one per character.
          install(RegExp.prototype, symbolMatch, '[Symbol.match]', 1, ((original) => function (string) {
            const s = text(string);
            reserve((s.length + 1) * 48);
            return apply(original, this, [s]);
          })(RegExp.prototype[symbolMatch]));
          // JSON.stringify writes its whole document natively: a value shared a million times in a DAG, a string of
          // control characters (six characters each) or a deep indentation could exceed the budget in one call. A
          // replacer function sees every value before it is written, so it reserves each one; an array replacer (a
          // property list) is emulated with such a function, keeping its key order.
          const stringify = JSON.stringify, isArray = Array.isArray, min = Math.min,
                numberValue = Number.prototype.valueOf, stringValue = String.prototype.valueOf;
          // The gap and the property list unwrap Number and String objects (read from their internal value, once).
          const boxed = (v) => {
            if (!isObject(v)) return v;
            try { return apply(numberValue, v, []); } catch { }
            try { return apply(stringValue, v, []); } catch { }
            return v;
          };
          install(JSON, 'stringify', 'stringify', 3, function (value, replacer, space) {
            const gap = boxed(space);
            const indent = typeof gap === 'number' ? min(10, length(gap)) : typeof gap === 'string' ? min(10, gap.length) : 0;
            const fn = typeof replacer === 'function' ? replacer : undefined;
            if (fn === undefined && !isArray(replacer)) return apply(stringify, undefined, [value, jsonReplacer(indent), gap]);
            let keys;
            if (fn === undefined && isArray(replacer)) {
              keys = [];
              const n = length(replacer.length);
              for (let i = 0; i < n; i++) {
                const e = replacer[i];
                const item = typeof e === 'string' ? e : typeof e === 'number' || boxed(e) !== e ? text(e) : undefined;
                if (item !== undefined && apply(arrayIndexOf, keys, [item]) < 0) keys[keys.length] = item;
              }
            }
            const depths = new WeakMapType();
            let total = 0;
            const guarded = function (key, v) {
              if (fn !== undefined) v = apply(fn, this, [key, v]);
              const depth = (apply(weakGet, depths, [this]) ?? 0) + 1;
              let bytes = key.length * 6 + 4 + indent * depth;
              if (typeof v === 'string') bytes += v.length * 6;
              else if (isObject(v) && typeof v !== 'function') {
                if (keys !== undefined && !isArray(v)) {
                  const copy = {};
                  for (let i = 0; i < keys.length; i++) copy[keys[i]] = v[keys[i]];
                  v = copy;
                }
                apply(weakSet, depths, [v, depth]);
              } else bytes += 24;
              total += bytes;
              reserve(total * 2);
              return v;
            };
            return apply(stringify, undefined, [value, guarded, gap]);
          });

          // join and toString (which calls join) build the string in .NET, reserving each piece before appending it.
          install(Array.prototype, 'join', 'join', 1, function (separator) {
            if (this === null || this === undefined) throw new TypeErrorType('Array.prototype.join called on null or undefined');
            return join(toObject(this), separator);
          });

          // concat copies every spread array into one: a million-element array concatenated with itself twenty times.
          method(Array.prototype, 'concat', 1, (original) => function (...items) {
            let total = arrayLength(this);
            for (let i = 0; i < items.length; i++) total += arrayLength(items[i]);
            reserve(total * 16);
            return apply(original, this, items);
          });

          // apply and construct copy an array-like's elements into one list: a { length: 1e9 } would allocate 8 GB.
          const list = (v) => isObject(v) ? listFrom(v) : v;
          const originalApply = Function.prototype.apply;
          install(Function.prototype, 'apply', 'apply', 2, function (thisArg, args) {
            return apply(originalApply, this, [thisArg, args === undefined || args === null ? args : list(args)]);
          });
          install(Reflect, 'apply', 'apply', 3, function (target, thisArg, args) { return apply(target, thisArg, list(args)); });
          install(Reflect, 'construct', 'construct', 2, function (target, args, ...rest) {
            return apply(construct, undefined, [target, list(args), ...(rest.length > 0 ? rest : [target])]);
          });

          // Buffers: every size is coerced once, reserved, and passed on as a plain number.
          const sized = (type, sizeOf) => {
            const original = globalThis[type];
            if (typeof original !== 'function') return undefined;
            const proxy = new Proxy(original, {
              construct(target, args, newTarget) {
                return construct(target, sizeOf(args), newTarget === proxy ? target : newTarget);
              },
            });
            defineProperty(globalThis, type, { value: proxy, writable: true, configurable: true, enumerable: false });
            // `new buffer.constructor(2e9)` must not reach the unguarded original.
            defineProperty(original.prototype, 'constructor', { value: proxy, writable: false, enumerable: false, configurable: false });
            return original;
          };
          for (const type of ['ArrayBuffer', 'SharedArrayBuffer']) {
            const original = sized(type, (args) => {
              const n = index(args[0]);
              reserve(n);
              let options;
              if (isObject(args[1])) {
                const max = args[1].maxByteLength;
                if (max !== undefined) { options = { maxByteLength: index(max) }; reserve(options.maxByteLength); }
              }
              return options === undefined ? [n] : [n, options];
            });
            if (original === undefined) continue;
            for (const name of ['resize', 'grow', 'transfer', 'transferToFixedLength']) {
              if (typeof original.prototype[name] !== 'function') continue;
              method(original.prototype, name, 0, (fn) => function (newLength) {
                const n = newLength === undefined ? undefined : index(newLength);
                if (n !== undefined) reserve(n);
                return apply(fn, this, n === undefined ? [] : [n]);
              });
            }
          }
          const typedArray = getPrototypeOf(Int8Array);
          const typedLength = getOwnPropertyDescriptor(typedArray.prototype, 'length').get;
          const byteLengths = [ArrayBuffer, globalThis.SharedArrayBuffer]
            .filter((type) => typeof type === 'function').map((type) => getOwnPropertyDescriptor(type.prototype, 'byteLength').get);
          const isBuffer = (v) => {
            for (let i = 0; i < byteLengths.length; i++) { try { apply(byteLengths[i], v, []); return true; } catch { } }
            return false;
          };
          const typedLengthOf = (v) => { try { return apply(typedLength, v, []); } catch { return -1; } };
          // Iterables and array-likes become one plain list first, reserved as it grows.
          const elements = (source) => {
            const iterator = source[symbolIterator];
            if (iterator === undefined || iterator === null) return listFrom(source);
            const result = [];
            for (const value of { [symbolIterator]: () => apply(iterator, source, []) }) {
              result[result.length] = value;
              if ((result.length & 1023) === 0) reserve(1024 * 16);
            }
            return result;
          };
          for (const type of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
                              'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
            const bytes = typeof globalThis[type] === 'function' ? globalThis[type].BYTES_PER_ELEMENT : 0;
            sized(type, (args) => {
              const source = args[0];
              if (!isObject(source)) { const n = index(source); reserve(n * bytes); return [n]; }
              if (isBuffer(source)) return args;
              const typed = typedLengthOf(source);
              if (typed >= 0) { reserve(typed * bytes); return [source]; }
              const values = elements(source);
              reserve(values.length * bytes);
              return [values];
            });
          }
          install(typedArray, 'from', 'from', 1, ((original) => function (source, ...rest) {
            return apply(original, this, [isObject(source) ? elements(source) : source, ...rest]);
          })(typedArray.from));
          method(typedArray.prototype, 'join', 1, (original) => function (separator) {
            const sep = separator === undefined ? ',' : text(separator);
            const n = apply(typedLength, this, []);
            reserve(n * (sep.length + 25) * 2);
            return apply(original, this, [sep]);
          });
        })
        """;

    private static readonly Prepared<Script> PreparedInstaller = Engine.PrepareScript(Installer);

    public static void Install(Engine engine, AllocationBudget budget, Constraint deadline)
    {
        if (!budget.Enabled)
        {
            return;
        }

        var helpers = new JsObject(engine);
        void Define(string name, Func<JsValue, JsValue[], JsValue> body, int length) =>
            helpers.Set(name, new ClrFunction(engine, name, body, length));

        Define("reserve", (_, args) =>
        {
            budget.Reserve(TypeConverter.ToNumber(ScriptScope.Arg(args, 0)));
            return JsValue.Undefined;
        }, 1);
        Define("join", (_, args) => Join(engine, budget, deadline, ScriptScope.Arg(args, 0), ScriptScope.Arg(args, 1)), 2);
        Define("replaceBound", (_, args) => JsNumber.Create(ReplaceBound(
            args[0].ToString(), args[1].ToString(), args[2].ToString(), TypeConverter.ToBoolean(args[3]))), 4);
        Define("regExpReplaceBound", (_, args) => JsNumber.Create(RegExpReplaceBound(args[0].ToString(), args[1].ToString())), 2);
        Define("listFrom", (_, args) => ListFrom(engine, budget, deadline, ScriptScope.Arg(args, 0)), 1);
        Define("jsonReplacer", (_, args) => JsonReplacer(engine, budget, deadline, TypeConverter.ToNumber(ScriptScope.Arg(args, 0))), 1);
        Define("arrayLength", (_, args) => JsNumber.Create(ScriptScope.Arg(args, 0) is JsArray array ? (double)array.Length : 1), 1);
        Define("isRegExp", (_, args) => ScriptScope.Arg(args, 0) is JsRegExp ? JsBoolean.True : JsBoolean.False, 1);
        engine.Evaluate(PreparedInstaller).Call(helpers);
    }

    /// <summary>Array.prototype.join, reserving the separators up front and each element before it is appended.</summary>
    private static JsString Join(Engine engine, AllocationBudget budget, Constraint deadline, JsValue thisValue, JsValue separator)
    {
        if (thisValue is not ObjectInstance target)
        {
            throw new JavaScriptException(engine.Intrinsics.TypeError, "Array.prototype.join called on a non-object");
        }

        var length = TypeConverter.ToLength(target.Get("length"));
        var sep = separator.IsUndefined() ? "," : TypeConverter.ToString(separator);
        if (length == 0)
        {
            return JsString.Empty;
        }

        // The builder and the final string: twice the output, two bytes a character.
        budget.Reserve((double)(length - 1) * sep.Length * 4);
        var builder = new StringBuilder();
        for (ulong k = 0; k < length; k++)
        {
            if ((k & 1023) == 1023)
            {
                // A sparse array of length 2^32 has nothing to append but takes as long to walk.
                deadline.Check();
            }

            if (k > 0)
            {
                builder.Append(sep);
            }

            var element = target.Get(JsNumber.Create((double)k));
            if (element.IsNull() || element.IsUndefined())
            {
                continue;
            }

            var next = TypeConverter.ToString(element);
            budget.Reserve(((double)builder.Length + next.Length) * 4);
            builder.Append(next);
        }

        return new JsString(builder.ToString());
    }

    /// <summary>
    /// A JSON.stringify replacer that changes nothing but reserves each value before it is written: the key, the
    /// indentation at its depth, and a string at six characters a character (<c>\u0001</c>). Run in .NET, it costs
    /// ordinary documents little.
    /// </summary>
    private static ClrFunction JsonReplacer(Engine engine, AllocationBudget budget, Constraint deadline, double indent)
    {
        var depths = new Dictionary<ObjectInstance, int>(ReferenceEqualityComparer.Instance);
        double total = 0;
        var calls = 0;
        return new ClrFunction(engine, string.Empty, (holder, args) =>
        {
            var key = ScriptScope.Arg(args, 0);
            var value = ScriptScope.Arg(args, 1);
            var depth = (holder is ObjectInstance parent && depths.TryGetValue(parent, out var d) ? d : 0) + 1;
            // An array writes no keys.
            var chars = (holder is JsArray ? 0 : key.ToString().Length * 6.0) + 4 + indent * depth;
            if (value.IsString())
            {
                chars += value.ToString().Length * 6.0;
            }
            else if (value is ObjectInstance nested and not Jint.Native.Function.Function)
            {
                depths[nested] = depth;
            }
            else
            {
                chars += 24;
            }

            total += chars;
            budget.Reserve(total * 2);
            if ((++calls & 1023) == 0)
            {
                deadline.Check();
            }

            return value;
        }, 2);
    }

    /// <summary>CreateListFromArrayLike: the length is read once and reserved before any element is copied.</summary>
    private static JsArray ListFrom(Engine engine, AllocationBudget budget, Constraint deadline, JsValue value)
    {
        if (value is not ObjectInstance source)
        {
            throw new JavaScriptException(engine.Intrinsics.TypeError, "CreateListFromArrayLike called on non-object");
        }

        var length = TypeConverter.ToLength(source.Get("length"));
        budget.Reserve((double)length * 16);
        var items = new JsValue[length];
        for (ulong k = 0; k < length; k++)
        {
            if ((k & 1023) == 1023)
            {
                deadline.Check();
            }

            items[k] = source.Get(JsNumber.Create((double)k));
        }

        return new JsArray(engine, items);
    }

    /// <summary>Worst-case bytes of <c>s.replace(p, r)</c> / <c>replaceAll</c> with a string pattern: matches are counted exactly.</summary>
    internal static double ReplaceBound(string s, string pattern, string replacement, bool all)
    {
        double matches;
        if (!all)
        {
            matches = s.Contains(pattern, StringComparison.Ordinal) ? 1 : 0;
        }
        else if (pattern.Length == 0)
        {
            matches = s.Length + 1;
        }
        else
        {
            matches = 0;
            for (var at = s.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = s.IndexOf(pattern, at + pattern.Length, StringComparison.Ordinal))
            {
                matches++;
            }
        }

        return (s.Length + matches * Expansion(s, replacement)) * 2;
    }

    /// <summary>Worst-case bytes of a RegExp replacement: a global pattern may match at every position.</summary>
    internal static double RegExpReplaceBound(string s, string replacement) =>
        (s.Length + ((double)s.Length + 1) * Expansion(s, replacement)) * 2;

    // Each `$` may stand for the match, the text before it or the text after it: at most the whole input.
    private static double Expansion(string s, string replacement)
    {
        var dollars = replacement.AsSpan().Count('$');
        return replacement.Length + (double)dollars * s.Length;
    }
}

/// <summary>
/// The allocation budget of the evaluation in progress: checked by Jint between statements (as a constraint) and by
/// the <see cref="AllocationGuards"/> before each sized native call. Both count what the thread allocated since
/// <see cref="Begin"/>. Unlike Jint's own memory constraint it does not count the engine's set-up scripts (the guards
/// and the freezing), which run before any evaluation, so a small configured limit still builds an engine.
/// </summary>
internal sealed class AllocationBudget(long limitBytes, string message) : Constraint
{
    private long _start;
    private bool _active;

    public bool Enabled => limitBytes > 0;

    // Allocation between two checks is irreversible: check before every statement.
    public override bool IsAmortizable => false;

    public void Begin()
    {
        _start = GC.GetAllocatedBytesForCurrentThread();
        _active = Enabled;
    }

    public void End() => _active = false;

    /// <summary>Refuses an allocation of <paramref name="bytes"/> that would take the evaluation over the limit.</summary>
    public void Reserve(double bytes)
    {
        if (_active && GC.GetAllocatedBytesForCurrentThread() - _start + (bytes > 0 ? bytes : 0) > limitBytes)
        {
            throw new MemoryLimitExceededException(message);
        }
    }

    public override void Check() => Reserve(0);

    // The session begins and ends the budget around each evaluation; engine entries inside it share it.
    public override void Reset()
    {
    }
}
