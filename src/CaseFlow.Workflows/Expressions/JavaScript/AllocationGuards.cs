using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Jint checks the memory limit between statements, so one native call sized by its argument (<c>'x'.repeat(3e8)</c>,
/// <c>new ArrayBuffer(2e9)</c>) could allocate gigabytes before the check. These wrappers refuse such a call up front.
/// They are written in script so that calling the original stays inside the current evaluation: re-entering the engine
/// from .NET would start a new top-level run and reset the memory budget.
/// </summary>
internal static class AllocationGuards
{
    private const string Installer = """
        (function (guard) {
          const method = (owner, name, bytes) => {
            const original = owner[name];
            const wrapped = { [name](...args) { guard(bytes(this, args)); return original.apply(this, args); } }[name];
            Object.defineProperty(owner, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
          };
          const sized = (name, bytesPerElement) => {
            const original = globalThis[name];
            if (typeof original !== 'function') return;
            const proxy = new Proxy(original, {
              construct(target, args, newTarget) {
                if (typeof args[0] === 'number') guard(args[0] * bytesPerElement);
                return Reflect.construct(target, args, newTarget === proxy ? target : newTarget);
              }
            });
            Object.defineProperty(globalThis, name, { value: proxy, writable: true, configurable: true, enumerable: false });
          };
          method(String.prototype, 'repeat', (s, a) => String(s).length * Number(a[0]) * 2);
          method(String.prototype, 'padStart', (s, a) => Number(a[0]) * 2);
          method(String.prototype, 'padEnd', (s, a) => Number(a[0]) * 2);
          sized('ArrayBuffer', 1);
          sized('SharedArrayBuffer', 1);
          for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
                              'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
            const type = globalThis[name];
            if (typeof type === 'function') sized(name, type.BYTES_PER_ELEMENT);
          }
        })
        """;

    private static readonly Prepared<Script> PreparedInstaller = Engine.PrepareScript(Installer);

    public static void Install(Engine engine, long memoryLimitBytes, string message)
    {
        if (memoryLimitBytes <= 0)
        {
            return;
        }

        var guard = new ClrFunction(engine, "guard", (_, args) =>
        {
            var bytes = args.Length > 0 ? TypeConverter.ToNumber(args[0]) : 0;
            return bytes > memoryLimitBytes ? throw new MemoryLimitExceededException(message) : JsValue.Undefined;
        });
        engine.Evaluate(PreparedInstaller).Call(guard);
    }
}
