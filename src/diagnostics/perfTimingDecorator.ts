/**
 * `perfTiming` as a class-method decorator. Both decorator flavours TypeScript 5 compiles are supported:
 * - TC39 decorators (the default since TypeScript 5.0): `(method, context)`, returning the replacement method;
 * - legacy `experimentalDecorators`: `(prototype, key, descriptor)`, replacing `descriptor.value`.
 * The default name is `ClassName.method`. TC39 decorators do not tell which class they decorate, so the class name
 * is read from `this` on the first call (a subclass instance calling first names it after the subclass); give
 * `name` to pin it.
 */
import { defaultCallStore } from './callStats.js'
import type { PerfTimingOptions } from './perfTimingOptions.js'
import { registerTimedFunction } from './timedFunctionInfo.js'

type AnyFunction = (...args: never[]) => unknown

/** What `perfTiming(options)` returns: a decorator for TC39 and for legacy (`experimentalDecorators`) methods. */
export interface PerfTimingDecorator {
  <F extends AnyFunction>(method: F, context: ClassMethodDecoratorContext): F
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor
}

/** True when `value` is the context object of a TC39 decorator call. */
export function isDecoratorCall(value: unknown): value is ClassMethodDecoratorContext {
  if (typeof value !== 'object' || value === null) return false
  const context = value as { kind?: unknown; addInitializer?: unknown }
  return typeof context.kind === 'string' && typeof context.addInitializer === 'function'
}

function memberName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : key
}

/** The class a method runs on: the constructor for static methods (`this` is the class), else the instance's. */
function className(self: unknown): string {
  if (typeof self === 'function') return self.name || 'anonymous'
  const ctor = (self as { constructor?: { name?: string } } | null | undefined)?.constructor
  return ctor?.name || 'anonymous'
}

/** Builds the decorator; `instrument` is perfTiming's wrapping step (passed in to keep the import one-way). */
export function perfTimingDecorator(
  instrument: (fn: AnyFunction, options: PerfTimingOptions) => AnyFunction,
  options: PerfTimingOptions,
): PerfTimingDecorator {
  function decorate(first: unknown, second: unknown, third?: unknown): unknown {
    if (third !== undefined) {
      // Legacy: (prototype or constructor, key, descriptor).
      const descriptor = third as PropertyDescriptor
      if (typeof descriptor.value !== 'function') {
        throw new TypeError(`@perfTiming decorates methods only; "${memberName(second as string | symbol)}" is not a method`)
      }
      const name =
        options.name ??
        `${className(typeof first === 'function' ? first : { constructor: (first as { constructor: unknown }).constructor })}.${memberName(second as string | symbol)}`
      descriptor.value = instrument(descriptor.value as AnyFunction, { ...options, name })
      return descriptor
    }
    const method = first as AnyFunction
    const context = second as ClassMethodDecoratorContext
    if (context.kind !== 'method') {
      throw new TypeError(`@perfTiming decorates methods only; it was applied to a ${String(context.kind)} ("${memberName(context.name)}")`)
    }
    if (options.name !== undefined) return instrument(method, options)
    let timed: AnyFunction | undefined
    let resolvedName: string | undefined
    const replacement = function (this: unknown): unknown {
      if (timed === undefined) {
        resolvedName = `${className(this)}.${memberName(context.name)}`
        timed = instrument(method, { ...options, name: resolvedName })
      }
      // biome-ignore lint/complexity/noArguments: forwarding `arguments` is free in V8; a rest parameter copies (~15 ns a call)
      return Reflect.apply(timed, this, arguments)
    }
    Object.defineProperty(replacement, 'name', { value: method.name, configurable: true })
    Object.defineProperty(replacement, 'length', { value: method.length, configurable: true })
    const store = options.store ?? defaultCallStore()
    registerTimedFunction(replacement, {
      get name() {
        return resolvedName
      },
      store,
    })
    return replacement
  }
  return decorate as PerfTimingDecorator
}
