import { graphql } from '../api.js';
import { el, replace, toDate, errorBox } from '../dom.js';

const PAGE = 100;
const AUDIT_QUERY = `query Audit($before: String, $first: Int) { auditLog(before: $before, first: $first) { id at actor action target detail address } }`;

/** The audit log for server admins, newest first, a page at a time; entries are read-only everywhere. */
export async function render(main) {
  document.title = 'Audit log · Orleans.Wandb';
  const tbody = el('tbody');
  const status = el('p', { class: 'muted', 'aria-live': 'polite' });
  const more = el('button', { type: 'button' }, 'Older entries');
  const moreSlot = el('div');
  let last = null;

  async function load() {
    try {
      const data = await graphql(AUDIT_QUERY, { before: last, first: PAGE });
      const entries = data.auditLog ?? [];
      for (const entry of entries) {
        const at = toDate(entry.at);
        tbody.append(el('tr', {},
          el('td', {}, el('time', { datetime: at.toISOString() }, at.toLocaleString())),
          el('td', {}, entry.actor), el('td', {}, el('code', {}, entry.action)), el('td', {}, entry.target),
          el('td', {}, entry.detail ?? ''), el('td', {}, entry.address ?? '')));
      }
      if (entries.length) last = entries[entries.length - 1].id;
      const hasMore = entries.length === PAGE;
      replace(moreSlot, hasMore ? more : null);
      status.textContent = `${tbody.rows.length} entries shown${hasMore ? '; older ones below' : ''}.`;
    } catch (e) {
      replace(status, errorBox(e));
    }
  }
  more.addEventListener('click', load);

  replace(main,
    el('h1', {}, 'Audit log'),
    el('p', {}, 'Sign-ins, API keys, members and roles, visibility changes and deletions: who, what, when and from where. Entries cannot be edited.'),
    el('section', { class: 'panel', 'aria-labelledby': 'audit-heading' },
      el('h2', { id: 'audit-heading', class: 'sr-only' }, 'Entries'),
      el('table', { 'data-testid': 'audit-log', 'aria-labelledby': 'audit-heading' },
        el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Target', 'Detail', 'From'].map((h) => el('th', {}, h)))), tbody),
      status, moreSlot));
  await load();
}
