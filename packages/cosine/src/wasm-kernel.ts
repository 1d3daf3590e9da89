import { KERNEL_WASM_BASE64 } from './kernel-wasm.generated';
import type { WasmKernelExports } from './scan';

// The few WebAssembly JS-API members the index uses, typed here: the package compiles with
// the ES and Node libs only (no DOM lib), which do not declare the `WebAssembly` global.

/** @internal A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** @internal A linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (
    module: WasmModule,
    imports: { env: { memory: WasmMemory } },
  ) => { readonly exports: Record<string, unknown> };
}

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

let compiled: WasmModule | null | undefined;

/**
 * @internal The compiled screening kernel, or `null` where this runtime has no WebAssembly
 * SIMD128 (or a Content-Security-Policy forbids compiling WebAssembly). Decided once: the
 * bytes ship inside the bundle (1.5 kB, small enough for a synchronous compile on a browser's
 * main thread), nothing is fetched.
 */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    compiled = null;
    const api = wasmApi();
    try {
      if (api !== undefined) {
        const binary = atob(KERNEL_WASM_BASE64);
        const bytes = new Uint8Array(binary.length);
        for (let at = 0; at < binary.length; at += 1) bytes[at] = binary.charCodeAt(at);
        // validate() is false where SIMD128 is not supported: the JavaScript loop is used then.
        if (api.validate(bytes)) compiled = new api.Module(bytes);
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** @internal A fresh kernel memory of `pages` 64 KiB pages and an instance of the kernel on it. */
export function instantiateKernel(
  module: WasmModule,
  pages: number,
): { memory: WasmMemory; exports: WasmKernelExports } {
  const api = wasmApi();
  if (api === undefined) throw new Error('WebAssembly is not available in this runtime');
  const memory = new api.Memory({ initial: pages });
  const { scan1, scan4, found } = new api.Instance(module, { env: { memory } }).exports;
  if (typeof scan1 !== 'function' || typeof scan4 !== 'function' || typeof found !== 'function')
    throw new Error('the cosine kernel module lacks its exports');
  return {
    memory,
    exports: {
      scan1: scan1 as WasmKernelExports['scan1'],
      scan4: scan4 as WasmKernelExports['scan4'],
      found: found as WasmKernelExports['found'],
    },
  };
}
