// Live pages: a status indicator and the refresh loop every live page runs on the server's change stream.
import { subscribe } from './api.js';
import { el } from './dom.js';

/** The "live" dot and its text, for a page heading; setConnected(on) updates both. */
export function liveStatus() {
  const dot = el('span', { class: 'live-dot', title: 'Live updates', 'aria-hidden': 'true' });
  const text = el('span', { class: 'muted small' }, 'connecting…');
  return {
    element: el('span', { class: 'small muted' }, dot, text),
    setConnected(on) {
      dot.classList.toggle('on', on);
      text.textContent = on ? 'live' : 'reconnecting…';
    },
  };
}

/**
 * Calls refresh() on every change the server announces on `path` (a server-sent event stream), one refresh at a time:
 * changes that arrive during a refresh coalesce into one more refresh after it, so a busy run never queues up
 * requests; `minInterval` (ms) spaces refreshes further apart. Returns the function that closes the stream.
 */
export function followChanges(path, refresh, status, { minInterval = 0 } = {}) {
  let busy = false;
  let again = false;
  let last = 0;
  async function onChange() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const wait = last + minInterval - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        last = Date.now();
        await refresh();
      } while (again);
    } finally {
      busy = false;
    }
  }
  return subscribe(path, onChange, (on) => status.setConnected(on));
}
