// The workspace's runs table: one page of runs from the server (sorted and filtered by the API), the columns picker,
// the pager, and per row a selection box and the "shown on charts" toggle.
import { graphql } from '../api.js';
import { el, replace, link, timeEl, duration, formatValue, stateBadge, errorBox } from '../dom.js';
import { colorOf } from '../colors.js';
import { isMedia, mediaValue, runRef } from '../media.js';
import { RUN_FIELDS, runUserLabel, flatConfig, flatSummary, runtimeSeconds, buildFilters, orderKeyOf } from '../runs.js';

export const PAGE_SIZE = 100;

const RUNS_QUERY = `query WorkspaceRuns($entity: String!, $project: String!, $first: Int, $after: String, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    name
    runCount(filters: $filters)
    runs(first: $first, after: $after, order: $order, filters: $filters) {
      edges { cursor node { ${RUN_FIELDS} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

const BASE_COLUMNS = [
  { kind: 'name', label: 'Name' },
  { kind: 'state', label: 'State' },
  { kind: 'created', label: 'Created' },
  { kind: 'runtime', label: 'Runtime' },
  { kind: 'tags', label: 'Tags' },
  { kind: 'user', label: 'User' },
  { kind: 'group', label: 'Group' },
  { kind: 'jobType', label: 'Job type' },
];

/**
 * The table over the workspace state. `onShownChanged()` runs when a row's chart toggle changes; `onFirstPage()`
 * after the first page arrived (it picked the default runs to show); `onMissing()` when the project does not exist.
 */
export function runsTable(state, { entity, project, storageKey, onShownChanged, onFirstPage, onMissing }) {
  const countText = el('span', { 'data-testid': 'run-count' });
  const tableError = el('div');
  const thead = el('thead');
  const tbody = el('tbody');
  const pager = el('div', { class: 'pager' });
  const picker = el('div', { id: 'columns-picker', class: 'columns-picker', hidden: true, role: 'group', 'aria-label': 'Config and summary columns' });
  const runPath = (name) => `${encodeURIComponent(entity)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(name)}`;

  function allColumns() {
    return [...BASE_COLUMNS, ...state.columns.map((c) => ({ ...c, label: c.kind === 'config' ? `config.${c.key}` : c.key }))];
  }

  function renderHeader() {
    const cells = [el('th', {}, el('span', { class: 'sr-only' }, 'Select')), el('th', {}, el('span', { class: 'sr-only' }, 'Shown on charts'))];
    for (const column of allColumns()) {
      const key = orderKeyOf(column);
      const numeric = column.kind === 'config' || column.kind === 'summary';
      if (!key) {
        cells.push(el('th', { class: numeric ? 'num' : null }, column.label));
        continue;
      }
      const active = state.order.replace(/^[+-]/, '') === key;
      const descending = state.order.startsWith('-');
      // The arrow is decoration (aria-sort says the same), so it stays out of the button's name.
      const button = el('button', { type: 'button', class: 'sort' }, column.label,
        el('span', { class: 'sort-ind', 'aria-hidden': 'true' }, active ? (descending ? '▼' : '▲') : '↕'));
      button.addEventListener('click', () => {
        state.order = active && !descending ? `-${key}` : active ? `+${key}` : `${column.kind === 'created' ? '-' : '+'}${key}`;
        resetPaging();
        load();
      });
      cells.push(el('th', { class: numeric ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' }, button));
    }
    replace(thead, el('tr', {}, cells));
  }

  function cell(column, run) {
    const node = run.node;
    switch (column.kind) {
      case 'name':
        return el('td', { class: 'runname' }, link(runPath(node.name), node.displayName || node.name), el('span', { class: 'id' }, node.name));
      case 'state': return el('td', {}, stateBadge(node.state));
      case 'created': return el('td', {}, timeEl(node.createdAt));
      case 'runtime': return el('td', { class: 'num' }, duration(runtimeSeconds(node)));
      case 'tags': return el('td', {}, node.tags.map((t) => el('span', { class: 'tag' }, t)));
      case 'user': return el('td', { 'data-testid': 'run-user' }, runUserLabel(node));
      case 'group': return el('td', {}, node.group ?? '');
      case 'jobType': return el('td', {}, node.jobType ?? '');
      case 'config': return el('td', { class: 'num' }, formatValue(run.config[column.key]));
      case 'summary': {
        const value = run.summary[column.key];
        return el('td', { class: 'num' }, isMedia(value) ? mediaValue(runRef(entity, project, run.name), value, { size: 32 }) : formatValue(value));
      }
      default: return el('td');
    }
  }

  function renderRows() {
    const columns = allColumns();
    if (state.rows.length === 0) {
      replace(tbody, el('tr', {}, el('td', { colspan: String(columns.length + 2), class: 'empty' }, 'No runs match.')));
      return;
    }
    replace(tbody, state.rows.map((run) => {
      const name = run.node.displayName || run.node.name;
      const select = el('input', { type: 'checkbox', checked: state.selected.has(run.name), 'aria-label': `Select ${name}` });
      select.addEventListener('change', () => (select.checked ? state.selected.add(run.name) : state.selected.delete(run.name)));
      const shown = state.shown.has(run.name);
      const eye = el('button', { type: 'button', class: 'eye', 'aria-pressed': String(shown), 'aria-label': `Show ${name} on charts`, title: shown ? 'Shown on charts' : 'Hidden from charts' },
        el('span', { class: 'swatch', style: `background:${colorOf(run.name)}` }));
      eye.addEventListener('click', () => {
        if (state.shown.has(run.name)) state.shown.delete(run.name);
        else state.shown.add(run.name);
        renderRows();
        onShownChanged();
      });
      return el('tr', { 'data-run': run.name }, el('td', {}, select), el('td', {}, eye), columns.map((c) => cell(c, run)));
    }));
  }

  function renderPager() {
    const first = state.page * PAGE_SIZE + 1;
    const last = state.page * PAGE_SIZE + state.rows.length;
    const prev = el('button', { type: 'button', disabled: state.page === 0 }, 'Previous');
    prev.addEventListener('click', () => {
      state.page--;
      load();
    });
    const next = el('button', { type: 'button', disabled: !state.hasNext }, 'Next');
    next.addEventListener('click', () => {
      state.page++;
      load();
    });
    replace(pager, prev, el('span', { 'aria-live': 'polite' }, state.rows.length ? `${first}–${last} of ${state.total}` : `0 of ${state.total}`), next);
    countText.textContent = `(${state.total})`;
  }

  function renderPicker() {
    const config = new Set();
    const summary = new Set();
    for (const { config: c, summary: s } of state.known.values()) {
      Object.keys(c).forEach((k) => config.add(k));
      Object.keys(s).filter((k) => !k.startsWith('_')).forEach((k) => summary.add(k));
    }
    const option = (kind, key) => {
      const id = `col-${kind}-${key}`;
      const box = el('input', { type: 'checkbox', id, checked: state.columns.some((c) => c.kind === kind && c.key === key) });
      box.addEventListener('change', () => {
        state.columns = box.checked ? [...state.columns, { kind, key }] : state.columns.filter((c) => !(c.kind === kind && c.key === key));
        localStorage.setItem(storageKey, JSON.stringify(state.columns));
        renderHeader();
        renderRows();
      });
      return el('label', { for: id }, box, kind === 'config' ? `config.${key}` : `summary: ${key}`);
    };
    replace(picker,
      [...config].sort().map((k) => option('config', k)),
      [...summary].sort().map((k) => option('summary', k)),
      config.size + summary.size === 0 ? el('span', { class: 'muted' }, 'No config or summary values yet.') : null);
  }

  function resetPaging() {
    state.cursors = [null];
    state.page = 0;
  }

  // Only the newest request may render: a slow answer to an older sort or filter is dropped.
  let loading = null;
  async function load() {
    let filters;
    try {
      filters = buildFilters({ search: state.search, state: state.runState, advanced: state.advanced });
    } catch (e) {
      replace(tableError, errorBox(e));
      return;
    }
    const request = graphql(RUNS_QUERY, {
      entity, project, first: PAGE_SIZE, after: state.cursors[state.page] ?? null, order: state.order,
      filters: filters ? JSON.stringify(filters) : null,
    });
    loading = request;
    let data;
    try {
      data = await request;
    } catch (e) {
      if (loading === request) replace(tableError, errorBox(e));
      return;
    }
    if (loading !== request) return;
    replace(tableError);
    if (!data.project) {
      onMissing();
      return;
    }
    const connection = data.project.runs;
    state.rows = connection.edges.map(({ node }) => {
      const run = { name: node.name, node, config: flatConfig(node.config), summary: flatSummary(node.summaryMetrics) };
      state.known.set(node.name, run);
      return run;
    });
    state.total = data.project.runCount;
    state.hasNext = connection.pageInfo.hasNextPage;
    state.cursors[state.page + 1] = connection.pageInfo.endCursor;
    const firstLoad = state.shown === null;
    if (firstLoad) state.shown = new Set(state.rows.slice(0, state.defaultShown).map((r) => r.name));
    renderHeader();
    renderRows();
    renderPager();
    if (!picker.hidden) renderPicker();
    if (firstLoad) await onFirstPage();
  }

  const columnsButton = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'columns-picker' }, 'Columns');
  columnsButton.addEventListener('click', () => {
    picker.hidden = !picker.hidden;
    columnsButton.setAttribute('aria-expanded', String(!picker.hidden));
    if (!picker.hidden) renderPicker();
  });

  return {
    countText, columnsButton, picker, tableError, pager,
    table: el('table', { 'aria-labelledby': 'runs-heading', 'data-testid': 'runs-table' }, thead, tbody),
    load,
    renderRows,
    /** A new sort or filter starts again at the first page. */
    reload() {
      resetPaging();
      return load();
    },
  };
}
