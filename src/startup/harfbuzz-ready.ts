/**
 * When harfbuzzjs is ready to use. It is an ES module with top-level await (it instantiates its
 * WebAssembly when imported), which the CommonJS bundle cannot `require`: inside the bundle it is
 * imported on first need by the chunk loader (`code-cache.ts` puts the function under
 * {@link HARFBUZZ_LOAD_KEY}), so a command that never shapes text (an HTML build whose fonts'
 * coverage is in the data cache, `check`) never compiles it. Outside the bundle it is a static
 * import, evaluated before any code that uses it.
 */

/** Global under which the bundle's loader puts a function that imports harfbuzzjs once. */
export const HARFBUZZ_LOAD_KEY = Symbol.for('sahifa.harfbuzzjs.load');

/** Resolves once harfbuzzjs can be called synchronously. @throws the import's error (a missing or broken harfbuzzjs) */
export async function harfbuzzReady(): Promise<void> {
  const load = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[HARFBUZZ_LOAD_KEY];
  if (load) await load();
}
