// The workspace's filter toolbar: name search (debounced), state, a filter builder (field, operator, value; each
// filter a removable chip) and, beside it, the raw filter in the API's JSON syntax. All of them combine with "and".
import { el, replace } from '../dom.js';
import { FILTER_OPERATORS } from '../runs.js';

const RUN_STATES = ['', 'running', 'finished', 'failed', 'crashed', 'killed', 'preempted'];
/** Run properties the builder offers before the config and summary keys the runs logged. */
const RUN_FIELDS = [
  { key: 'state', label: 'State' }, { key: 'group', label: 'Group' }, { key: 'jobType', label: 'Job type' },
  { key: 'tags', label: 'Tags' }, { key: 'username', label: 'User' }, { key: 'host', label: 'Host' },
  { key: 'displayName', label: 'Name' }, { key: 'duration', label: 'Runtime (s)' },
];
const MAX_FILTERS = 20;

function operatorLabel(op) {
  return FILTER_OPERATORS.find((o) => o.op === op)?.label ?? op;
}

/**
 * The filter form. onApply({ search, runState, advanced, filters }) runs on submit, on a state change, as the user
 * types and when a built filter is added or removed; fieldChoices() lists the config and summary fields known so far
 * ([{ key: 'config.lr', label: 'config.lr' }, …]), read again by refreshFields().
 */
export function runFilters(onApply, { fieldChoices = () => [] } = {}) {
  let filters = [];
  const search = el('input', { id: 'run-search', type: 'search', placeholder: 'Search run names', 'aria-describedby': 'search-help' });
  const stateSelect = el('select', { id: 'run-state' }, RUN_STATES.map((s) => el('option', { value: s }, s || 'Any state')));
  const advanced = el('input', { id: 'run-filter', type: 'text', size: '34', placeholder: '{"config.lr": {"$gt": 0.01}}', spellcheck: 'false' });

  const field = el('select', { id: 'filter-field', 'aria-label': 'Filter field' });
  const operator = el('select', { id: 'filter-op', 'aria-label': 'Filter operator' }, FILTER_OPERATORS.map((o) => el('option', { value: o.op }, o.label)));
  const value = el('input', { id: 'filter-value', type: 'text', placeholder: 'value', 'aria-label': 'Filter value', maxlength: '500' });
  const add = el('button', { type: 'button' }, 'Add filter');
  const chips = el('ul', { class: 'plain filter-chips', 'aria-label': 'Filters' });
  const builderError = el('span', { class: 'error small', role: 'alert' });
  const renderFields = () => {
    const current = field.value;
    replace(field,
      el('optgroup', { label: 'Run' }, RUN_FIELDS.map((f) => el('option', { value: f.key }, f.label))),
      el('optgroup', { label: 'Config and summary' }, fieldChoices().map((f) => el('option', { value: f.key }, f.label))));
    if (current) field.value = current;
  };
  renderFields();

  const form = el('form', { class: 'toolbar run-filters', role: 'search', 'aria-label': 'Filter runs' },
    el('label', { for: 'run-search' }, 'Search', search),
    el('span', { id: 'search-help', class: 'sr-only' }, 'Matches run names and display names'),
    el('label', { for: 'run-state' }, 'State', stateSelect),
    el('div', { class: 'filter-builder', role: 'group', 'aria-label': 'Build a filter' }, field, operator, value, add),
    builderError,
    chips,
    el('details', { class: 'raw-filter' }, el('summary', {}, 'Raw filter (JSON)'),
      el('div', { class: 'toolbar' }, el('label', { for: 'run-filter' }, 'Filter', advanced), el('button', { type: 'submit' }, 'Apply'))));

  function apply() {
    onApply({ search: search.value, runState: stateSelect.value, advanced: advanced.value, filters: [...filters] });
  }

  function renderChips() {
    replace(chips, filters.map((f, i) => {
      const text = `${f.label ?? f.field} ${operatorLabel(f.op)} ${f.value}`;
      const remove = el('button', { type: 'button', class: 'icon', 'aria-label': `Remove filter ${text}` }, '×');
      remove.addEventListener('click', () => {
        filters = filters.filter((_, j) => j !== i);
        renderChips();
        apply();
      });
      return el('li', { class: 'tag filter-chip' }, text, remove);
    }));
  }

  add.addEventListener('click', () => {
    builderError.textContent = '';
    if (!field.value) return;
    if (operator.value !== 'regex' && value.value.trim() === '') {
      builderError.textContent = 'Type a value to compare with.';
      value.focus();
      return;
    }
    if (operator.value === 'regex') {
      try {
        new RegExp(value.value);
      } catch {
        builderError.textContent = 'That is not a valid regular expression.';
        value.focus();
        return;
      }
    }
    if (filters.length >= MAX_FILTERS) {
      builderError.textContent = `At most ${MAX_FILTERS} filters.`;
      return;
    }
    const label = field.selectedOptions[0]?.textContent ?? field.value;
    filters = [...filters, { field: field.value, label, op: operator.value, value: value.value }];
    value.value = '';
    renderChips();
    apply();
  });
  value.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add.click();
    }
  });

  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => form.requestSubmit(), 300);
  });
  stateSelect.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  /** The runs known changed: the builder offers their config and summary fields. */
  form.refreshFields = renderFields;
  /** Shows the values of a restored view without applying them again. */
  form.setValues = (values) => {
    search.value = values.search ?? '';
    stateSelect.value = values.runState ?? '';
    advanced.value = values.advanced ?? '';
    filters = Array.isArray(values.filters) ? [...values.filters] : [];
    if (advanced.value) form.querySelector('details.raw-filter').open = true;
    renderChips();
  };
  return form;
}
