// Every string that came from the cluster (names, tags, keys, values, payloads) goes into the page
// through textContent only, never as HTML: a key named <script> shows as that text.

/** An element with optional class, text and attributes, and child nodes. */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.cls) node.className = options.cls;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  if (options.title) node.title = String(options.title);
  for (const [name, value] of Object.entries(options.data || {})) node.dataset[name] = String(value);
  for (const [name, value] of Object.entries(options.attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

export function setText(id, text) {
  byId(id).textContent = String(text);
}

/** "3s", "4m 05s", "2h 10m": how long ago {@code sinceMillis} was. */
export function age(sinceMillis, now = Date.now()) {
  const s = Math.max(0, Math.floor((now - sinceMillis) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

export function clock(millis) {
  return new Date(millis).toLocaleTimeString();
}

/** Bytes as text when they are valid UTF-8, else null. */
export function utf8OrNull(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');
}

export function fromBase64(text) {
  const raw = atob(text);
  return Uint8Array.from(raw, c => c.charCodeAt(0));
}
