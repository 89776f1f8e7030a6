// The workspace's filter toolbar: name search (debounced), state, and an advanced filter in the API's JSON syntax.
import { el } from '../dom.js';

const RUN_STATES = ['', 'running', 'finished', 'failed', 'crashed', 'killed', 'preempted'];

/** The filter form; onApply({ search, runState, advanced }) runs on submit, on a state change and as the user types. */
export function runFilters(onApply) {
  const search = el('input', { id: 'run-search', type: 'search', placeholder: 'Search run names', 'aria-describedby': 'search-help' });
  const stateSelect = el('select', { id: 'run-state' }, RUN_STATES.map((s) => el('option', { value: s }, s || 'Any state')));
  const advanced = el('input', { id: 'run-filter', type: 'text', size: '34', placeholder: '{"config.lr": {"$gt": 0.01}}', spellcheck: 'false' });
  const form = el('form', { class: 'toolbar', role: 'search', 'aria-label': 'Filter runs' },
    el('label', { for: 'run-search' }, 'Search', search),
    el('span', { id: 'search-help', class: 'sr-only' }, 'Matches run names and display names'),
    el('label', { for: 'run-state' }, 'State', stateSelect),
    el('label', { for: 'run-filter' }, 'Filter', advanced),
    el('button', { type: 'submit' }, 'Apply'));
  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => form.requestSubmit(), 300);
  });
  stateSelect.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({ search: search.value, runState: stateSelect.value, advanced: advanced.value });
  });
  /** Shows the values of a restored view without applying them again. */
  form.setValues = (values) => {
    search.value = values.search ?? '';
    stateSelect.value = values.runState ?? '';
    advanced.value = values.advanced ?? '';
  };
  return form;
}
