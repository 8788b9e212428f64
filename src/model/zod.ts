/**
 * zod as sahifa uses it (import `z` from here, not from 'zod'): configured without zod's JIT.
 *
 * By default zod 4 compiles a fast parser for each object schema with `new Function` the first
 * time it parses. That code is never in the bundle's V8 code cache (src/startup/code-cache.ts), so
 * every `sahifa build` process compiled it again: the template's first parse took 13–21 ms
 * against 5–8 ms without (three fresh processes each, 2026-11-29), and sahifa parses each template
 * and front matter once per process (watch and batch builds keep validated templates).
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
