// Run sets (W&B's run sets): named, filtered groups of runs the panels draw beside the runs picked in the table, e.g.
// "baseline" (group = baseline) against "lr sweep" (config.lr > 0.001); "Group runs by: Run set" draws each as a mean
// line with its band. Each set holds the newest RUN_SET_LIMIT runs its filter matches; a set can be hidden without
// losing it. The sets are part of the view (state.runSets).
import { graphql } from '../api.js';
import { el, replace } from '../dom.js';
import { RUN_FIELDS, buildFilters, flatConfig, flatSummary } from '../runs.js';

export const RUN_SET_LIMIT = 50;
export const MAX_RUN_SETS = 10;
const TEXT_LIMIT = 2000;

const QUERY = `query RunSet($entity: String!, $project: String!, $filters: JSONString) {
  project(name: $project, entityName: $entity) { runs(first: ${RUN_SET_LIMIT}, order: "-created_at", filters: $filters) { edges { node { ${RUN_FIELDS} } } } }
}`;

/** The names of the runs on the panels: picked in the table, then those of the drawn run sets. */
export function chartedNames(state) {
  return [...new Set([...(state.shown ?? []), ...(state.runSetOf?.keys() ?? [])])];
}

/** The filter document of a run set: its name search and its filter (the API's JSON syntax); throws on bad JSON. */
export function runSetFilters(set) {
  return buildFilters({ search: set.search, state: '', advanced: set.filter, filters: [] });
}

/** Run sets as saved in a view, checked and bounded. */
export function cleanRunSets(value) {
  if (!Array.isArray(value)) return [];
  return value.filter((s) => s && typeof s.id === 'string' && typeof s.name === 'string').slice(0, MAX_RUN_SETS).map((s) => ({
    id: s.id.slice(0, 64),
    name: s.name.slice(0, 128),
    search: typeof s.search === 'string' ? s.search.slice(0, TEXT_LIMIT) : '',
    filter: typeof s.filter === 'string' ? s.filter.slice(0, TEXT_LIMIT) : '',
    enabled: s.enabled !== false,
  }));
}

/**
 * The run sets bar. state.runSets holds the sets; load() fetches their runs into state.known and state.runSetOf (run
 * name → the first set that holds it); onChanged() after the user changed a set (the view saves, the panels redraw).
 */
export function runSetsBar(state, { entity, project, onChanged }) {
  const list = el('ul', { class: 'plain run-sets', 'aria-label': 'Run sets' });
  const add = el('button', { type: 'button', class: 'small-button' }, '+ Run set');
  add.addEventListener('click', () => edit(null));
  const status = el('span', { class: 'muted small', role: 'status' });
  state.runSets = state.runSets ?? [];
  state.runSetOf = new Map();

  function render() {
    replace(list, state.runSets.map((set) => {
      const count = [...state.runSetOf.values()].filter((name) => name === set.name).length;
      const toggle = el('input', { type: 'checkbox', checked: set.enabled, 'aria-label': `Draw run set ${set.name}` });
      toggle.addEventListener('change', () => change(() => (set.enabled = toggle.checked)));
      const editButton = el('button', { type: 'button', class: 'icon', 'aria-label': `Edit run set ${set.name}`, title: 'Edit' }, '✎');
      editButton.addEventListener('click', () => edit(set));
      const remove = el('button', { type: 'button', class: 'icon', 'aria-label': `Delete run set ${set.name}`, title: 'Delete' }, '×');
      remove.addEventListener('click', () => change(() => (state.runSets = state.runSets.filter((s) => s !== set))));
      return el('li', { class: 'run-set-chip', 'data-run-set': set.name },
        toggle, el('span', { class: 'run-set-name' }, set.name),
        el('span', { class: 'muted small' }, set.enabled ? ` ${count} run${count === 1 ? '' : 's'}` : ' hidden'), editButton, remove);
    }));
    add.disabled = state.runSets.length >= MAX_RUN_SETS;
  }

  async function change(mutate) {
    mutate();
    await load();
    onChanged();
  }

  /** Fetches the runs of every drawn set (one request per set, RUN_SET_LIMIT runs each). */
  async function load() {
    const of = new Map();
    status.textContent = '';
    await Promise.all(state.runSets.filter((s) => s.enabled).map(async (set) => {
      try {
        const filters = runSetFilters(set);
        const data = await graphql(QUERY, { entity, project, filters: filters ? JSON.stringify(filters) : null });
        for (const { node } of data.project?.runs?.edges ?? []) {
          if (!state.known.has(node.name)) {
            state.known.set(node.name, { name: node.name, node, config: flatConfig(node.config), summary: flatSummary(node.summaryMetrics) });
          }
          if (!of.has(node.name)) of.set(node.name, set.name);
        }
      } catch (e) {
        status.textContent = `Run set “${set.name}”: ${e.message}`;
      }
    }));
    // In the order of the sets, whichever answered first.
    state.runSetOf = new Map([...of.entries()].sort(([, a], [, b]) => state.runSets.findIndex((s) => s.name === a) - state.runSets.findIndex((s) => s.name === b)));
    render();
  }

  function edit(set) {
    const name = el('input', { id: 'run-set-name', type: 'text', value: set?.name ?? '', maxlength: '128', required: true });
    const search = el('input', { id: 'run-set-search', type: 'text', value: set?.search ?? '', maxlength: String(TEXT_LIMIT), placeholder: 'part of a run name' });
    const filter = el('input', { id: 'run-set-filter', type: 'text', value: set?.filter ?? '', maxlength: String(TEXT_LIMIT), spellcheck: 'false',
      placeholder: '{"group": "baseline"}' });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, set ? 'Edit run set' : 'Add run set'),
      el('label', { for: 'run-set-name' }, 'Name', name),
      el('label', { for: 'run-set-search' }, 'Run name contains', search),
      el('label', { for: 'run-set-filter' }, 'Filter (the API’s JSON syntax)', filter),
      el('p', { class: 'muted small' }, `The newest ${RUN_SET_LIMIT} runs matching both are drawn on the panels.`),
      error,
      el('div', { class: 'toolbar' }, el('button', { type: 'submit', class: 'primary' }, set ? 'Save run set' : 'Add run set'),
        el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = el('dialog', { class: 'view-dialog' }, form);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = { id: set?.id ?? `rs${Date.now().toString(36)}`, name: name.value.trim(), search: search.value.trim(), filter: filter.value.trim(), enabled: set?.enabled ?? true };
      if (!next.name) {
        error.textContent = 'A run set needs a name.';
        return;
      }
      if (state.runSets.some((s) => s !== set && s.name === next.name)) {
        error.textContent = `There is a run set “${next.name}” already.`;
        return;
      }
      try {
        runSetFilters(next);
      } catch (e) {
        error.textContent = e.message;
        return;
      }
      dialog.close();
      change(() => {
        state.runSets = set ? state.runSets.map((s) => (s === set ? next : s)) : [...state.runSets, next];
      });
    });
    name.focus();
  }

  return {
    element: el('div', { class: 'toolbar run-sets-bar', role: 'group', 'aria-label': 'Run sets' },
      el('span', { class: 'muted small' }, 'Run sets'), list, add, status),
    load,
    render,
  };
}
