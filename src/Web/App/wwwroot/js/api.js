// Talks to the server the app is served from. Every request rides on the HttpOnly session cookie; anything that is
// not a plain read carries the CSRF header the server demands of cookie-authenticated writes.

export const CSRF_HEADER = 'X-Wandb-Csrf';

/** An absolute URL for a server-relative path, under the <base> the server put into index.html. */
export function url(path) {
  return new URL(path.replace(/^\/+/, ''), document.baseURI).toString();
}

/** The app-relative path of the current page ('' for home). */
export function appPath() {
  const base = new URL(document.baseURI).pathname;
  return decodeURIComponent(location.pathname.slice(base.length)).replace(/\/+$/, '');
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url(path), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = data?.detail || data?.error || data?.errors?.[0]?.message || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return data;
}

/** Runs a GraphQL document; GraphQL errors become an ApiError with their messages. */
export async function graphql(query, variables = {}) {
  const answer = await request('POST', 'graphql', { query, variables });
  if (answer?.errors?.length) throw new ApiError(200, answer.errors.map((e) => e.message).join('; '));
  return answer.data;
}

/** POST /api/v1/charts (see ChartEndpoints): series of [x, min, max, mean, last, count] points. */
export function charts(body) {
  return request('POST', 'api/v1/charts', body);
}

/**
 * Subscribes to a server-sent event stream of change versions; calls onChange for every change and onState with
 * true/false as the connection comes and goes. Returns the function that closes it.
 */
export function subscribe(path, onChange, onState = () => {}) {
  const source = new EventSource(url(path));
  source.addEventListener('ready', () => onState(true));
  source.addEventListener('change', (event) => onChange(Number(event.data)));
  source.onerror = () => onState(false);
  return () => source.close();
}

/**
 * JSON that may hold bare NaN/Infinity tokens (the W&B clients write them into summaries): parsed as is when possible,
 * otherwise with those tokens read as null.
 */
export function parseLenient(text) {
  if (text == null || text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/(?<=[:,\[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, 'null'));
    } catch {
      return {};
    }
  }
}
