// Actions on the runs selected in the table, as W&B's runs table offers them: add or remove a tag, stop the running
// ones, delete. Each is one GraphQL mutation per run (the server checks each against the project's rule); the table
// reloads afterwards and says what failed.
import { graphql } from '../api.js';
import { el, replace } from '../dom.js';

const SET_TAGS = `mutation BulkTags($entity: String!, $project: String!, $name: String!, $tags: [String]) {
  upsertBucket(input: { entityName: $entity, modelName: $project, name: $name, tags: $tags }) { bucket { name tags } }
}`;
const STOP = `mutation BulkStop($id: ID) { stopRun(input: { id: $id }) { clientMutationId } }`;
const DELETE = `mutation BulkDelete($id: ID) { deleteRun(input: { id: $id }) { clientMutationId } }`;
const MAX_TAG_LENGTH = 64;

/**
 * The bar shown while runs are selected. `state.selected` holds the selected names and `state.known` their rows;
 * `onDone(names, deleted)` runs after an action (reload the table; deleted runs leave the charts).
 */
export function bulkActions(state, { entity, project, onDone }) {
  const count = el('strong', { 'data-testid': 'selected-count' });
  const tag = el('input', { type: 'text', id: 'bulk-tag', placeholder: 'tag', size: '10', maxlength: String(MAX_TAG_LENGTH), 'aria-label': 'Tag for the selected runs' });
  const addTag = el('button', { type: 'button' }, 'Add tag');
  const removeTag = el('button', { type: 'button' }, 'Remove tag');
  const stop = el('button', { type: 'button' }, 'Stop');
  const remove = el('button', { type: 'button', class: 'danger' }, 'Delete');
  const clear = el('button', { type: 'button', class: 'link' }, 'Clear selection');
  const status = el('span', { class: 'muted small', role: 'status' });
  const element = el('div', { class: 'toolbar bulk-actions', role: 'group', 'aria-label': 'Selected runs', hidden: true },
    count, tag, addTag, removeTag, stop, remove, clear, status);

  const selectedRuns = () => [...state.selected].map((name) => state.known.get(name)).filter(Boolean);

  async function each(runs, action, verb, deleted = false) {
    status.textContent = `${verb}…`;
    const failed = [];
    for (const run of runs) {
      try {
        await action(run);
      } catch (e) {
        failed.push(`${run.node.displayName || run.name}: ${e.message}`);
      }
    }
    status.textContent = failed.length ? `${verb} failed for ${failed.length}: ${failed.slice(0, 3).join('; ')}` : `${verb}: ${runs.length} run${runs.length === 1 ? '' : 's'}`;
    await onDone(runs.map((r) => r.name), deleted);
  }

  function retag(add) {
    const text = tag.value.trim();
    if (!text) {
      status.textContent = 'Type a tag first.';
      tag.focus();
      return;
    }
    const runs = selectedRuns().filter((r) => add !== r.node.tags.includes(text));
    each(runs, (run) => graphql(SET_TAGS, {
      entity, project, name: run.name, tags: add ? [...run.node.tags, text] : run.node.tags.filter((t) => t !== text),
    }), add ? `Tagged “${text}”` : `Untagged “${text}”`);
  }
  addTag.addEventListener('click', () => retag(true));
  removeTag.addEventListener('click', () => retag(false));
  stop.addEventListener('click', () => {
    const running = selectedRuns().filter((r) => r.node.state === 'running');
    if (running.length === 0) {
      status.textContent = 'None of the selected runs is running.';
      return;
    }
    each(running, (run) => graphql(STOP, { id: run.node.id }), 'Stop requested');
  });
  remove.addEventListener('click', () => {
    const runs = selectedRuns();
    const confirm = el('button', { type: 'submit', class: 'danger' }, `Delete ${runs.length} run${runs.length === 1 ? '' : 's'}`);
    const cancel = el('button', { type: 'button' }, 'Cancel');
    const dialog = el('dialog', { class: 'view-dialog' }, el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, 'Delete runs'),
      el('p', {}, `Delete ${runs.map((r) => r.node.displayName || r.name).slice(0, 5).join(', ')}${runs.length > 5 ? ` and ${runs.length - 5} more` : ''}? Their history, logs and files go too.`),
      el('div', { class: 'toolbar' }, confirm, cancel)));
    dialog.addEventListener('close', () => dialog.remove());
    cancel.addEventListener('click', () => dialog.close());
    dialog.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      dialog.close();
      for (const run of runs) state.selected.delete(run.name);
      each(runs, (run) => graphql(DELETE, { id: run.node.id }), 'Deleted', true);
    });
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
  clear.addEventListener('click', () => {
    state.selected.clear();
    onDone([]);
  });

  return {
    element,
    /** The selection changed: show the bar with its count, or hide it. */
    render() {
      const n = state.selected.size;
      element.hidden = n === 0;
      replace(count, `${n} selected`);
    },
  };
}
