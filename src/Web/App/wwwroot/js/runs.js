// What the project and run pages share about runs: the GraphQL fields, config/summary flattening, filters with the
// API's semantics (a MongoDB-style document in runs(filters:)), and orders (runs(order:)).
import { parseLenient } from './api.js';
import { toDate } from './dom.js';

export const RUN_FIELDS = 'id name displayName state createdAt heartbeatAt tags group jobType config summaryMetrics user { username } forUser { username }';

/** Who logged a run: the user, and for a service account the person it logged the run for ("svc-ci (for alice)"). */
export function runUserLabel(run) {
  const user = run.user?.username ?? '';
  return run.forUser?.username ? `${user} (for ${run.forUser.username})` : user;
}

/** Config as stored by the clients ({"lr": {"value": 0.1, "desc": null}} or plain), flattened to dotted keys. */
export function flatConfig(json) {
  const config = parseLenient(json);
  const out = {};
  for (const [key, raw] of Object.entries(config ?? {})) {
    if (key === '_wandb') continue;
    const value = raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw ? raw.value : raw;
    flattenInto(out, key, value);
  }
  return out;
}

/** Summary flattened to dotted keys, without the client's private _wandb entry. */
export function flatSummary(json) {
  const summary = parseLenient(json);
  const out = {};
  for (const [key, value] of Object.entries(summary ?? {})) {
    if (key === '_wandb') continue;
    flattenInto(out, key, value);
  }
  return out;
}

function flattenInto(out, prefix, value) {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && !('_type' in value)) {
    for (const [k, v] of Object.entries(value)) flattenInto(out, `${prefix}.${k}`, v);
  } else {
    out[prefix] = value;
  }
}

/** Seconds the run has run: until its last heartbeat, or until now while it is running. */
export function runtimeSeconds(node) {
  const created = toDate(node.createdAt);
  if (!created) return null;
  const end = node.state === 'running' ? new Date() : toDate(node.heartbeatAt) ?? created;
  return (end.getTime() - created.getTime()) / 1000;
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The operators of the filter builder, in the order it offers them. */
export const FILTER_OPERATORS = [
  { op: '=', label: '=' }, { op: '!=', label: '≠' }, { op: '<', label: '<' }, { op: '<=', label: '≤' },
  { op: '>', label: '>' }, { op: '>=', label: '≥' }, { op: 'regex', label: 'matches regex' },
];

const COMPARISONS = { '!=': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte', regex: '$regex' };

/** A typed value: numbers, true/false and null as such, anything else as the text typed. */
function typedValue(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  return String(text ?? '');
}

/**
 * One filter of the builder ({ field, op, value }) as the API's filter document: {"config.lr": {"$gt": 0.01}};
 * tags match when the run carries the tag. Null for an incomplete one.
 */
export function filterDocument({ field, op, value }) {
  if (!field || !op || !FILTER_OPERATORS.some((o) => o.op === op)) return null;
  if (op === 'regex') return { [field]: { $regex: String(value ?? '') } };
  const typed = typedValue(value);
  if (field === 'tags') return { tags: op === '!=' ? { $nin: [String(value)] } : { $in: [String(value)] } };
  return op === '=' ? { [field]: typed } : { [field]: { [COMPARISONS[op]]: typed } };
}

/**
 * The filters document for the table's search box, state choice and advanced filter (a JSON document typed by the
 * user, in the API's syntax); null when nothing filters. Throws a SyntaxError for an advanced filter that is not JSON.
 */
export function buildFilters({ search, state, advanced, filters = [] }) {
  const parts = [];
  for (const filter of filters ?? []) {
    const part = filterDocument(filter);
    if (part) parts.push(part);
  }
  if (search?.trim()) {
    const pattern = escapeRegex(search.trim());
    parts.push({ $or: [{ displayName: { $regex: pattern } }, { name: { $regex: pattern } }] });
  }
  if (state) parts.push({ state });
  if (advanced?.trim()) {
    const parsed = JSON.parse(advanced);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('The filter must be a JSON object, e.g. {"config.lr": {"$gt": 0.01}}');
    if (Object.keys(parsed).length > 0) parts.push(parsed);
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

/** The API's order key of a table column, or null when the API cannot order by it. */
export function orderKeyOf(column) {
  switch (column.kind) {
    case 'name': return 'display_name';
    case 'state': return 'state';
    case 'created': return 'created_at';
    case 'heartbeat': return 'heartbeat_at';
    case 'runtime': return 'duration';
    case 'user': return 'username';
    case 'group': return 'group';
    case 'jobType': return 'job_type';
    case 'config': return `config.${column.key}`;
    case 'summary': return `summary_metrics.${column.key}`;
    default: return null;
  }
}
