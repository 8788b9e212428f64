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

/**
 * The `<script>` element for a page served at state `state` (JSON escaped for HTML).
 *
 * The page's own elements can shadow `document`'s properties (DOM clobbering: an
 * `<img name="getElementById">` makes `document.getElementById` that image, `<img name="body">`
 * does the same to `document.body`, an element with `id="addEventListener"` to the global one), so
 * the script reads none of them from `document` or `window`: it calls the DOM through the
 * prototypes it captures when it starts, and keeps its overlay in a variable instead of looking it
 * up by id.
 */
export function clientScript(state: LiveState): string {
  const json = JSON.stringify(state).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script data-sahifa-live>
(() => {
  const initial = ${json};
  const doc = document;
  const createElement = Document.prototype.createElement;
  const bodyOf = Object.getOwnPropertyDescriptor(Document.prototype, 'body').get;
  const on = EventTarget.prototype.addEventListener;
  const append = Element.prototype.append;
  const remove = Element.prototype.remove;
  let box = null;
  const show = (errors) => {
    if (!errors.length) { if (box) remove.call(box); box = null; return; }
    if (!box) {
      box = createElement.call(doc, 'pre');
      box.id = 'sahifa-overlay';
      box.dir = 'ltr';
      box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;margin:0;max-height:50vh;overflow:auto;z-index:2147483647;' +
        'background:#2b0b0b;color:#ffd9d9;border-top:3px solid #e5484d;padding:12px 16px;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;text-align:left';
      append.call(bodyOf.call(doc), box);
    }
    box.textContent = 'sahifa: the last build failed (this page shows the previous good output)\\n\\n' + errors.join('\\n');
  };
  const ready = () => show(initial.errors);
  if (bodyOf.call(doc)) ready(); else on.call(doc, 'DOMContentLoaded', ready);
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  on.call(events, 'state', (e) => {
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
