/**
 * The live-reload client that `sahifa watch` injects into HTML pages it serves (never into the
 * files on disk): it listens to `/__sahifa/events` (Server-Sent Events), reloads the page when a
 * build changed the outputs, and shows build errors in an overlay at the bottom of the page.
 */
import { randomBytes } from 'node:crypto';

/** State published to pages after each build. */
export interface LiveState {
  /** Increases whenever a build wrote outputs: a page whose version differs reloads. */
  readonly version: number;
  /** Errors of the last build, each `file:line:column: reason`. */
  readonly errors: readonly string[];
}

/** Path of the event stream. */
export const EVENTS_PATH = '/__sahifa/events';

/** The `<script>` element for a page served at state `state` (JSON escaped for HTML). */
export function clientScript(state: LiveState): string {
  const json = JSON.stringify(state).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script data-sahifa-live>
(() => {
  const initial = ${json};
  const show = (errors) => {
    let box = document.getElementById('sahifa-overlay');
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement('pre');
      box.id = 'sahifa-overlay';
      box.dir = 'ltr';
      box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;margin:0;max-height:50vh;overflow:auto;z-index:2147483647;' +
        'background:#2b0b0b;color:#ffd9d9;border-top:3px solid #e5484d;padding:12px 16px;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;text-align:left';
      document.body.append(box);
    }
    box.textContent = 'sahifa: the last build failed (this page shows the previous good output)\\n\\n' + errors.join('\\n');
  };
  const ready = () => show(initial.errors);
  if (document.body) ready(); else addEventListener('DOMContentLoaded', ready);
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('state', (e) => {
    const state = JSON.parse(e.data);
    if (state.version !== initial.version) location.reload();
    else show(state.errors);
  });
})();
</script>`;
}

/**
 * `html` with the client script inserted before its last `</body>` (or appended). The page's
 * Content-Security-Policy meta (which allows no script) is extended to allow this one script, by
 * nonce, and its event stream (`connect-src 'self'`).
 */
export function injectClient(html: string, state: LiveState): string {
  const nonce = randomBytes(12).toString('base64');
  html = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i, (_m, a: string, policy: string, c: string) => `${a}${policy}; script-src &#x27;nonce-${nonce}&#x27;; connect-src &#x27;self&#x27;${c}`);
  const script = clientScript(state).replace('<script data-sahifa-live>', `<script data-sahifa-live nonce="${nonce}">`);
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at < 0 ? `${html}${script}` : `${html.slice(0, at)}${script}${html.slice(at)}`;
}
