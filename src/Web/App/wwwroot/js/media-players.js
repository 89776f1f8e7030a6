// Players and viewers for the media kinds that are not images, histograms or tables: wandb.Html in a sandboxed frame,
// wandb.Audio with its waveform and duration, wandb.Video, and wandb.Object3D point clouds a user can rotate. Each
// takes a run ({ entity, project, run }) and the logged value and answers one element, so that media-panels.js (and
// any other page) can place it.
import { url } from './api.js';
import { el } from './dom.js';
import { fileUrl } from './media.js';

/** The kinds this module shows. */
export const PLAYER_KINDS = new Set(['html-file', 'audio-file', 'video-file', 'object3D-file']);

function runPath({ entity, project, run }) {
  return [entity, project, run].map(encodeURIComponent).join('/');
}

/**
 * A wandb.Html page in an <iframe sandbox="allow-scripts">: the page's scripts run in a unique origin (no
 * allow-same-origin), and the server sends it with a policy that lets it fetch nothing from any origin.
 */
export function htmlFrame(ref, value, { height = 320 } = {}) {
  const src = url(`api/v1/media/${runPath(ref)}/html?path=${encodeURIComponent(value.path)}`);
  return el('iframe', {
    class: 'html-media', src, sandbox: 'allow-scripts', referrerpolicy: 'no-referrer', loading: 'lazy',
    title: value.caption || value.path.split('/').pop(), style: `height:${height}px`,
  });
}

/** "1:05.2" for 65.2 seconds. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '';
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}

/** The waveform of decoded audio on a canvas: per pixel column the lowest and highest sample of the first channel. */
function drawWaveform(canvas, audio) {
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  const samples = audio.getChannelData(0);
  const perColumn = Math.max(1, Math.floor(samples.length / width));
  context.clearRect(0, 0, width, height);
  context.fillStyle = '#175cd3';
  for (let x = 0; x < width; x++) {
    let low = 1;
    let high = -1;
    const start = x * perColumn;
    for (let i = start; i < Math.min(samples.length, start + perColumn); i++) {
      if (samples[i] < low) low = samples[i];
      if (samples[i] > high) high = samples[i];
    }
    if (high < low) continue;
    const top = ((1 - high) / 2) * height;
    context.fillRect(x, top, 1, Math.max(1, ((high - low) / 2) * height));
  }
}

/** A wandb.Audio file: the player, its duration and its waveform (decoded in the browser, nothing played). */
export function audioPlayer(ref, value, { width = 220 } = {}) {
  const src = fileUrl(ref, value.path);
  const player = el('audio', { controls: true, preload: 'metadata', src });
  const duration = el('span', { class: 'muted small audio-duration', 'data-testid': 'audio-duration' });
  const canvas = el('canvas', { class: 'waveform', width: String(width), height: '48', role: 'img', 'aria-label': 'Waveform' });
  if (Number.isFinite(value.duration)) duration.textContent = formatDuration(value.duration);
  player.addEventListener('loadedmetadata', () => (duration.textContent = formatDuration(player.duration)));
  fetch(src, { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(String(response.status)))))
    .then((bytes) => new OfflineAudioContext(1, 1, 44100).decodeAudioData(bytes))
    .then((audio) => {
      drawWaveform(canvas, audio);
      canvas.dataset.drawn = 'true';
      duration.textContent = formatDuration(audio.duration);
    })
    .catch(() => canvas.remove());
  return el('div', { class: 'audio-media', 'data-media': 'audio-file' }, canvas, player,
    el('div', { class: 'small' }, duration, value.caption ? el('span', { class: 'caption' }, ` ${value.caption}`) : null));
}

/** A wandb.Video file: GIFs (what the client writes without moviepy) as images, the rest in a <video> player. */
export function videoPlayer(ref, value, { size = 220 } = {}) {
  if (/\.gif$/i.test(value.path)) {
    return el('div', { class: 'video-media', 'data-media': 'video-file' },
      el('img', { src: fileUrl(ref, value.path), alt: value.caption || value.path.split('/').pop(), class: 'thumb', style: `max-width:${size}px;max-height:${size}px` }),
      value.caption ? el('p', { class: 'caption small' }, value.caption) : null);
  }
  return el('div', { class: 'video-media', 'data-media': 'video-file' },
    el('video', { controls: true, preload: 'metadata', src: fileUrl(ref, value.path), style: `max-width:100%;max-height:${size * 1.5}px` }),
    value.caption ? el('p', { class: 'caption small' }, value.caption) : null);
}

/** The most points drawn; larger clouds are thinned evenly (a viewer, not an analysis). */
const MAX_POINTS = 100_000;

/**
 * The points of a .pts.json file: rows [x, y, z], [x, y, z, category] or [x, y, z, r, g, b], or the client's
 * {"type": "lidar/beta", "points": [...], "boxes": [...]} with boxes as 8 corners each.
 */
export function readPointCloud(json) {
  const rows = Array.isArray(json) ? json : Array.isArray(json?.points) ? json.points : [];
  const step = Math.max(1, Math.ceil(rows.length / MAX_POINTS));
  const points = [];
  for (let i = 0; i < rows.length; i += step) {
    const p = rows[i];
    if (!Array.isArray(p) || p.length < 3 || !p.slice(0, 3).every(Number.isFinite)) continue;
    points.push(p);
  }
  const boxes = (Array.isArray(json?.boxes) ? json.boxes : [])
    .filter((b) => Array.isArray(b?.corners) && b.corners.length === 8)
    .map((b) => ({ corners: b.corners, color: Array.isArray(b.color) ? b.color : [255, 0, 0], label: b.label }));
  return { points, boxes, total: rows.length };
}

const CATEGORY_COLORS = [[230, 25, 75], [60, 180, 75], [67, 99, 216], [245, 130, 49], [145, 30, 180], [66, 212, 244], [240, 50, 230], [154, 99, 36]];

/** Edges of a box given as 8 corners (the client's order: a face, then the opposite face). */
const BOX_EDGES = [[0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4], [0, 4], [1, 5], [2, 6], [3, 7]];

/**
 * A point cloud on a canvas, drawn in perspective from a camera that orbits the cloud's centre: drag to rotate,
 * the wheel to zoom. Colours: the points' RGB, their category, or their height.
 */
export function pointCloudViewer(ref, value, { width = 320, height = 260 } = {}) {
  const canvas = el('canvas', { class: 'point-cloud', width: String(width), height: String(height), role: 'img', 'aria-label': 'Point cloud', tabindex: '0' });
  const info = el('span', { class: 'muted small', 'data-testid': 'point-count' }, 'Loading…');
  const view = { yaw: 0.6, pitch: 0.4, zoom: 1 };
  let cloud = null;
  let frame = 0;

  function draw() {
    frame = 0;
    const context = canvas.getContext('2d');
    context.fillStyle = '#0f172a';
    context.fillRect(0, 0, width, height);
    if (!cloud || cloud.points.length === 0) return;
    const { center, radius } = cloud;
    const [cy, sy, cp, sp] = [Math.cos(view.yaw), Math.sin(view.yaw), Math.cos(view.pitch), Math.sin(view.pitch)];
    const scale = (Math.min(width, height) / 2.2) * view.zoom;
    const project = (p) => {
      const x = (p[0] - center[0]) / radius;
      const y = (p[1] - center[1]) / radius;
      const z = (p[2] - center[2]) / radius;
      // Yaw about the vertical (z) axis, then pitch; the camera looks along the rotated y axis from distance 3.
      const x1 = x * cy - y * sy;
      const y1 = x * sy + y * cy;
      const depth = y1 * cp - z * sp;
      const up = y1 * sp + z * cp;
      const perspective = 3 / (3 + depth);
      return [width / 2 + x1 * scale * perspective, height / 2 - up * scale * perspective, depth];
    };
    const projected = cloud.points.map((p, i) => [...project(p), i]).sort((a, b) => b[2] - a[2]);
    for (const [x, y, , i] of projected) {
      const p = cloud.points[i];
      const [r, g, b] = colorOf(p, cloud);
      context.fillStyle = `rgb(${r},${g},${b})`;
      context.fillRect(x - 1, y - 1, 2, 2);
    }
    for (const box of cloud.boxes) {
      const corners = box.corners.map(project);
      context.strokeStyle = `rgb(${box.color.slice(0, 3).join(',')})`;
      context.beginPath();
      for (const [a, b] of BOX_EDGES) {
        context.moveTo(corners[a][0], corners[a][1]);
        context.lineTo(corners[b][0], corners[b][1]);
      }
      context.stroke();
    }
    canvas.dataset.yaw = view.yaw.toFixed(3);
  }

  function colorOf(p, { low, high }) {
    if (p.length >= 6) return [p[3], p[4], p[5]].map((c) => Math.max(0, Math.min(255, Number(c) || 0)));
    if (p.length === 4) return CATEGORY_COLORS[Math.abs(Math.round(Number(p[3]) || 0)) % CATEGORY_COLORS.length];
    const t = high > low ? (p[2] - low) / (high - low) : 0.5;
    return [Math.round(40 + 200 * t), Math.round(120 + 100 * (1 - Math.abs(t - 0.5) * 2)), Math.round(240 - 200 * t)];
  }

  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  let dragging = null;
  canvas.addEventListener('pointerdown', (event) => {
    dragging = { x: event.clientX, y: event.clientY };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    view.yaw += (event.clientX - dragging.x) * 0.01;
    view.pitch = Math.max(-1.5, Math.min(1.5, view.pitch + (event.clientY - dragging.y) * 0.01));
    dragging = { x: event.clientX, y: event.clientY };
    redraw();
  });
  canvas.addEventListener('pointerup', () => (dragging = null));
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    view.zoom = Math.max(0.2, Math.min(8, view.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1)));
    redraw();
  }, { passive: false });
  canvas.addEventListener('keydown', (event) => {
    const turns = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[event.key];
    if (!turns) return;
    event.preventDefault();
    view.yaw += turns[0];
    view.pitch = Math.max(-1.5, Math.min(1.5, view.pitch + turns[1]));
    redraw();
  });

  fetch(fileUrl(ref, value.path), { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${response.status} ${response.statusText}`))))
    .then((json) => {
      const read = readPointCloud(json);
      const min = [Infinity, Infinity, Infinity];
      const max = [-Infinity, -Infinity, -Infinity];
      for (const p of read.points) for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k], p[k]);
        max[k] = Math.max(max[k], p[k]);
      }
      const center = min.map((m, k) => (m + max[k]) / 2);
      const radius = Math.max(1e-9, ...max.map((m, k) => (m - min[k]) / 2)) * Math.sqrt(3);
      cloud = { ...read, center, radius, low: min[2], high: max[2] };
      info.textContent = `${read.total.toLocaleString()} points${read.points.length < read.total ? ` (${read.points.length.toLocaleString()} drawn)` : ''}${read.boxes.length ? ` · ${read.boxes.length} boxes` : ''} · drag to rotate, wheel to zoom`;
      canvas.dataset.points = String(read.points.length);
      draw();
    })
    .catch((e) => (info.textContent = `The point cloud could not be read: ${e.message}`));
  draw();
  return el('div', { class: 'object3d-media', 'data-media': 'object3D-file' }, canvas, el('div', {}, info),
    el('a', { href: fileUrl(ref, value.path), download: value.path.split('/').pop(), class: 'small' }, 'Download'));
}

/** The element for one value of a PLAYER_KINDS kind. */
export function playerFor(ref, value, options = {}) {
  switch (value._type) {
    case 'html-file': return htmlFrame(ref, value, options);
    case 'audio-file': return audioPlayer(ref, value, options);
    case 'video-file': return videoPlayer(ref, value, options);
    case 'object3D-file': return pointCloudViewer(ref, value, options);
    default: return el('span', { class: 'muted small' }, value._type);
  }
}

