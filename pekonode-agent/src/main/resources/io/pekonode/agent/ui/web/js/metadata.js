// The metadata store: keys, values as text or hex, versions and writers; put and delete (write scope).
import { byId, el, fromBase64, hex, utf8OrNull } from './dom.js';

/** Same escaping as the CLI: everything but unreserved characters, slashes included. */
export function keyPath(key) {
  return `/v1/kv/${Array.from(new TextEncoder().encode(key), b => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('')}`;
}

export class MetadataView {
  constructor(api, members) {
    this.api = api;
    this.members = members;
    this.entries = new Map(); // key -> { bytes, version }
    this.body = byId('kv').tBodies[0];
    this.status = byId('kv-status');
    byId('kv-hex').addEventListener('change', () => this.render());
    byId('kv-form').addEventListener('submit', e => {
      e.preventDefault();
      this.put(byId('kv-key').value, byId('kv-value').value);
    });
  }

  clear() {
    this.entries.clear();
    this.render();
  }

  /** Versions are those the agent saw written; keys restored from its data directory may have none. */
  async load() {
    const { keys, versions } = await this.api.get('/v1/kv?versions=true');
    const fresh = new Map();
    for (const [key, b64] of Object.entries(keys)) {
      const known = this.entries.get(key);
      fresh.set(key, { bytes: fromBase64(b64), version: (versions || {})[key] ?? (known ? known.version : null) });
    }
    this.entries = fresh;
    this.render();
  }

  /** A metadata event from the stream. */
  apply(event) {
    if (event.removed) {
      this.entries.delete(event.key);
    } else {
      const bytes = event.value !== undefined ? new TextEncoder().encode(event.value) : fromBase64(event.valueBase64 || '');
      this.entries.set(event.key, { bytes, version: event.version });
    }
    this.render();
  }

  async put(key, value) {
    this.say('');
    try {
      const answer = await this.api.json('PUT', keyPath(key), new TextEncoder().encode(value));
      this.entries.set(key, { bytes: new TextEncoder().encode(value), version: answer.version });
      this.render();
      this.say(`put ${key} at ${answer.version}`);
    } catch (e) {
      this.say(`could not put ${key}: ${e.message}`, true);
    }
  }

  async remove(key) {
    this.say('');
    try {
      const answer = await this.api.json('DELETE', keyPath(key));
      this.entries.delete(key);
      this.render();
      this.say(`deleted ${key} at ${answer.version}`);
    } catch (e) {
      this.say(`could not delete ${key}: ${e.message}`, true);
    }
  }

  say(text, error = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  render() {
    const asHex = byId('kv-hex').checked;
    const rows = [...this.entries.keys()].sort().map(key => {
      const { bytes, version } = this.entries.get(key);
      const text = asHex ? null : utf8OrNull(bytes);
      const writerId = version ? version.slice(version.lastIndexOf('@') + 1) : null;
      const remove = el('button', { cls: 'secondary', text: 'Delete', attrs: { type: 'button', 'aria-label': `Delete ${key}` } });
      remove.addEventListener('click', () => this.remove(key));
      return el('tr', { data: { key } }, [
        el('td', { cls: 'mono key', text: key }),
        el('td', { cls: text === null ? 'mono value hex' : 'value', text: text === null ? hex(bytes) : text }),
        el('td', { cls: 'mono', text: version ?? '—', title: version ? '' : 'not known to this agent (restored from its data directory)' }),
        el('td', { text: writerId ? this.members.nameOf(writerId) : '—' }),
        el('td', {}, [remove]),
      ]);
    });
    this.body.replaceChildren(...rows);
  }
}
