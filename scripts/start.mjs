/**
 * `npm start`: the server from dist/, rebuilt first if src/ changed (build.mjs), in this one process:
 * a second process would cost the start a Node.js boot.
 */
import { ensureBuilt } from './build.mjs';

await ensureBuilt();
await import('../dist/main.js');
