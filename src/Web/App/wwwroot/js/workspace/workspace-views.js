// Saved views of the workspace (W&B's views model, type "project-view"): what the user sees — filters, sort, the runs
// on the charts, their colours, the chart settings and zoom — kept in three places. The URL (?ws=…) so a link
// reproduces it; the user's default view on the server (saved a moment after each change, restored on the next
// visit); and named views anyone who may read the project can open (?view=<id>).
import { graphql } from '../api.js';
import { el, replace } from '../dom.js';
import { columnChoice } from './runs-table.js';
import { FILTER_OPERATORS } from '../runs.js';
import { panelKinds } from './panel-kinds.js';
import { cleanLayout } from './panel-layout.js';
import { cleanRunSets } from './run-sets.js';

const TYPE = 'project-view';
const SAVE_DELAY_MS = 800;

const VIEW_FIELDS = 'id name displayName spec updatedAt user { username }';
const LIST_QUERY = `query WorkspaceViews($entity: String!, $project: String!, $type: String, $name: String) {
  project(name: $project, entityName: $entity) { allViews(viewType: $type, viewName: $name, first: 100) { edges { node { ${VIEW_FIELDS} } } } }
}`;
const VIEW_QUERY = `query WorkspaceView($id: ID!) { view(id: $id) { ${VIEW_FIELDS} } }`;
const UPSERT = `mutation SaveWorkspaceView($id: ID, $entity: String, $project: String, $type: String, $name: String, $displayName: String, $spec: String!) {
  upsertView(input: {id: $id, entityName: $entity, projectName: $project, type: $type, name: $name, displayName: $displayName, spec: $spec, createdUsing: WANDB_UI}) {
    view { ${VIEW_FIELDS} } inserted
  }
}`;
const DELETE = `mutation DeleteWorkspaceView($id: ID) { deleteView(input: {id: $id}) { success } }`;

/** base64url of UTF-8 JSON, and back. */
function encode(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

/** A modal dialog around `content`, removed from the page once closed. */
function modal(content) {
  const dialog = el('dialog', { class: 'view-dialog' }, content);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/**
 * The views of a workspace. `state` is the workspace state, `settings` the chart settings object; `username` names
 * the user's default view. `load()` (before the first page) applies the link's, the named view's or the default
 * view's spec; `changed()` after anything the user changes.
 */
export function workspaceViews(state, settings, { entity, project, username, onApplied }) {
  const defaultName = `workspace:${username}`;
  let lastSaved = null;
  let timer = null;
  let current = null; // the named view opened, if any
  const select = el('select', { id: 'view-select', 'aria-label': 'Saved views' });
  const nameInput = el('input', { id: 'view-name', type: 'text', placeholder: 'View name', size: '16', maxlength: '128' });
  const saveAs = el('button', { type: 'button' }, 'Save as view');
  const copy = el('button', { type: 'button' }, 'Copy link');
  // Shown while a named view of the user's own is open.
  const saveView = el('button', { type: 'button', hidden: true }, 'Save view');
  const rename = el('button', { type: 'button', hidden: true }, 'Rename');
  const remove = el('button', { type: 'button', class: 'danger', hidden: true }, 'Delete view');
  const status = el('span', { class: 'muted small', role: 'status' });

  function snapshot() {
    return {
      version: 1,
      search: state.search,
      runState: state.runState,
      advanced: state.advanced,
      order: state.order,
      shown: state.shownAuto || !state.shown ? null : [...state.shown],
      colors: state.colors,
      chart: {
        xAxis: settings.xAxis, smoothing: settings.smoothing, smoothingType: settings.smoothingType, logScale: settings.logScale,
        groupBy: settings.groupBy, xMin: settings.xMin, xMax: settings.xMax,
      },
      panels: state.panels ?? null,
      runSets: state.runSets ?? [],
      layout: { runsWidth: state.runsWidth },
      table: { columns: state.columns },
      filters: state.filters,
    };
  }

  function apply(spec) {
    if (!spec || typeof spec !== 'object') return;
    for (const key of ['search', 'runState', 'advanced', 'order']) if (typeof spec[key] === 'string') state[key] = spec[key];
    if (Array.isArray(spec.shown)) {
      state.shown = new Set(spec.shown.filter((n) => typeof n === 'string'));
      state.shownAuto = false;
    }
    if (spec.colors && typeof spec.colors === 'object') state.colors = { ...spec.colors };
    if (Array.isArray(spec.table?.columns)) state.columns = spec.table.columns.map(columnChoice).filter(Boolean);
    state.filters = Array.isArray(spec.filters)
      ? spec.filters.filter((f) => f && typeof f.field === 'string' && FILTER_OPERATORS.some((o) => o.op === f.op))
        .map((f) => ({ field: f.field, label: typeof f.label === 'string' ? f.label : f.field, op: f.op, value: String(f.value ?? '') }))
      : [];
    const runsWidth = spec.layout?.runsWidth;
    state.runsWidth = typeof runsWidth === 'number' && Number.isFinite(runsWidth) ? runsWidth : null;
    const chart = spec.chart ?? {};
    for (const key of ['xAxis', 'smoothing', 'smoothingType', 'logScale', 'groupBy', 'xMin', 'xMax']) if (key in chart) settings[key] = chart[key];
    state.panels = cleanLayout(spec.panels, panelKinds().map((k) => k.key));
    state.runSets = cleanRunSets(spec.runSets);
    onApplied?.();
  }

  function writeUrl(spec) {
    const url = new URL(location.href);
    // A named view stays named in the address (its changes ride along in ?ws= until saved).
    if (current) url.searchParams.set('view', current.id);
    else url.searchParams.delete('view');
    url.searchParams.set('ws', encode(spec));
    history.replaceState(history.state, '', url);
  }

  async function save(spec) {
    const text = JSON.stringify(spec);
    if (text === lastSaved) return;
    lastSaved = text;
    try {
      await graphql(UPSERT, { entity, project, type: TYPE, name: defaultName, displayName: `${username}'s workspace`, spec: text });
      // A save still pending when a named view was saved or opened must not take over the status line.
      if (!current) status.textContent = 'Saved';
    } catch (e) {
      lastSaved = null;
      status.textContent = `Not saved: ${e.message}`;
    }
  }

  async function listViews() {
    const data = await graphql(LIST_QUERY, { entity, project, type: TYPE, name: null });
    return (data.project?.allViews?.edges ?? []).map((e) => e.node);
  }

  async function renderSelect() {
    const views = await listViews().catch(() => []);
    const named = views.filter((v) => !v.name.startsWith('workspace:'));
    replace(select,
      el('option', { value: '' }, 'My workspace'),
      named.map((v) => el('option', { value: v.id, selected: current?.id === v.id }, `${v.displayName}${v.user?.username && v.user.username !== username ? ` (${v.user.username})` : ''}`)));
  }

  /** The named view's buttons follow what is open: its owner changes it, others open it and save a copy. */
  function renderButtons() {
    const mine = current != null && current.user?.username === username;
    saveView.hidden = rename.hidden = remove.hidden = !mine;
  }

  /** Opens the named view `id` (or the user's workspace for null) by loading the page anew at its address. */
  function openView(id) {
    const url = new URL(location.href);
    url.searchParams.delete('ws');
    if (id) url.searchParams.set('view', id);
    else url.searchParams.delete('view');
    location.assign(url);
  }

  saveView.addEventListener('click', async () => {
    try {
      const data = await graphql(UPSERT, { id: current.id, displayName: current.displayName, spec: JSON.stringify(snapshot()) });
      current = data.upsertView.view;
      status.textContent = `Saved “${current.displayName}”`;
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
    }
  });

  rename.addEventListener('click', () => {
    const input = el('input', { id: 'rename-view-name', type: 'text', value: current.displayName, maxlength: '128', required: true });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, 'Rename view'),
      el('label', { for: 'rename-view-name' }, 'Name', input),
      error,
      el('div', { class: 'toolbar' }, el('button', { type: 'submit', class: 'primary' }, 'Save name'), el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = modal(form);
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const displayName = input.value.trim();
      if (!displayName) {
        error.textContent = 'A view needs a name.';
        return;
      }
      try {
        const data = await graphql(UPSERT, { id: current.id, displayName, spec: current.spec });
        current = data.upsertView.view;
        dialog.close();
        status.textContent = `Renamed to “${displayName}”`;
        await renderSelect();
      } catch (e) {
        error.textContent = e.message;
      }
    });
    input.select();
  });

  remove.addEventListener('click', () => {
    const error = el('p', { class: 'error', role: 'alert' });
    const confirm = el('button', { type: 'submit', class: 'danger' }, 'Delete');
    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, 'Delete view'),
      el('p', {}, `Delete “${current.displayName}”? Links to it will no longer open it.`),
      error,
      el('div', { class: 'toolbar' }, confirm, el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = modal(form);
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await graphql(DELETE, { id: current.id });
        dialog.close();
        openView(null);
      } catch (e) {
        error.textContent = e.message;
      }
    });
    confirm.focus();
  });

  select.addEventListener('change', () => openView(select.value || null));

  saveAs.addEventListener('click', async () => {
    const displayName = nameInput.value.trim();
    if (!displayName) {
      status.textContent = 'Name the view first.';
      return;
    }
    try {
      const data = await graphql(UPSERT, {
        entity, project, type: TYPE, name: `view:${Date.now().toString(36)}`, displayName, spec: JSON.stringify(snapshot()),
      });
      current = data.upsertView.view;
      nameInput.value = '';
      const url = new URL(location.href);
      url.searchParams.delete('ws');
      url.searchParams.set('view', current.id);
      history.replaceState(history.state, '', url);
      status.textContent = `Saved as “${displayName}”`;
      renderButtons();
      await renderSelect();
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
    }
  });

  copy.addEventListener('click', async () => {
    writeUrl(snapshot());
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = 'Link copied';
    } catch {
      status.textContent = 'Copy the address bar to share this view';
    }
  });

  return {
    element: el('div', { class: 'toolbar views-bar', role: 'group', 'aria-label': 'Views' },
      el('label', { for: 'view-select' }, 'View', select), saveView, rename, remove, nameInput, saveAs, copy, status),

    /** Applies the state of the link, the named view it opens, or the user's default view; true when one applied. */
    async load() {
      const params = new URL(location.href).searchParams;
      try {
        if (params.get('view')) {
          const data = await graphql(VIEW_QUERY, { id: params.get('view') });
          if (data.view) {
            current = data.view;
            renderButtons();
            apply(params.get('ws') ? decode(params.get('ws')) : JSON.parse(data.view.spec));
          } else {
            status.textContent = 'That view does not exist or you may not see it.';
          }
        } else if (params.get('ws')) {
          apply(decode(params.get('ws')));
          // Opening a link shows the sender's workspace without making it the reader's default: only a change they
          // make afterwards is saved as theirs.
          lastSaved = JSON.stringify(snapshot());
        } else {
          const data = await graphql(LIST_QUERY, { entity, project, type: TYPE, name: defaultName });
          const own = (data.project?.allViews?.edges ?? []).map((e) => e.node).find((v) => v.user?.username === username);
          if (own) {
            lastSaved = own.spec;
            apply(JSON.parse(own.spec));
          }
        }
      } catch (e) {
        status.textContent = `The saved view could not be read: ${e.message}`;
      }
      renderSelect();
    },

    /** What the page shows now came from its address (a link, a group page): it is not saved until the user changes it. */
    adopt() {
      lastSaved = JSON.stringify(snapshot());
      writeUrl(snapshot());
    },

    /** Something the user sees changed: the URL follows at once, the default view (not a named one) shortly after. */
    changed() {
      const spec = snapshot();
      writeUrl(spec);
      if (current) return; // a named view is saved only by its "Save view" button
      clearTimeout(timer);
      timer = setTimeout(() => save(spec), SAVE_DELAY_MS);
    },
  };
}
