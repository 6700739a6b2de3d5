// User events (live list and a form to send one) and queries (acks and responses as they arrive).
import { lines } from './api.js';
import { byId, clock, el } from './dom.js';

const MAX_SHOWN = 200;

function payloadText(item) {
  if (item.payload !== undefined && item.payload !== null) return item.payload;
  if (item.payloadBase64) return `(binary, base64) ${item.payloadBase64}`;
  return '';
}

function say(id, text, error = false) {
  const node = byId(id);
  node.textContent = text;
  node.classList.toggle('error', error);
}

export class UserEvents {
  constructor(api, members) {
    this.api = api;
    this.members = members;
    this.list = byId('events-list');
    byId('event-form').addEventListener('submit', e => {
      e.preventDefault();
      this.send();
    });
  }

  clear() {
    this.list.replaceChildren();
  }

  /** A user event from the stream, or from GET /v1/events on connecting. */
  add(event, at = Date.now()) {
    const origin = event.origin ? this.members.nameOf(event.origin) : '?';
    const item = el('li', { data: { name: event.name } }, [
      el('span', { cls: 'kind', text: event.name }),
      el('span', { cls: 'payload', text: payloadText(event) }),
      el('span', { cls: 'muted', text: ` from ${origin}, ltime ${event.ltime}, ${clock(at)}` }),
    ]);
    this.list.prepend(item);
    while (this.list.children.length > MAX_SHOWN) this.list.lastElementChild.remove();
  }

  async send() {
    const name = byId('event-name').value;
    const coalesce = byId('event-coalesce').checked;
    say('event-status', 'sending…');
    try {
      const query = coalesce ? '?coalesce=true' : '';
      const sent = await this.api.json('POST', `/v1/event/${encodeURIComponent(name)}${query}`,
        new TextEncoder().encode(byId('event-payload').value));
      say('event-status', `sent ${sent.name} (${sent.bytes} bytes) at ltime ${sent.ltime}`);
    } catch (e) {
      say('event-status', `not sent: ${e.message}`, true);
    }
  }
}

export class Queries {
  constructor(api, members) {
    this.api = api;
    this.members = members;
    this.list = byId('query-results');
    this.button = byId('query-run');
    byId('query-form').addEventListener('submit', e => {
      e.preventDefault();
      this.run();
    });
  }

  async run() {
    const name = byId('query-name').value;
    const params = new URLSearchParams({ stream: 'true' });
    const timeout = byId('query-timeout').value.trim();
    if (timeout) params.set('timeout', timeout);
    this.list.replaceChildren();
    this.button.disabled = true;
    say('query-summary', `running ${name}…`);
    let acks = 0;
    let responses = 0;
    try {
      const response = await this.api.call('POST', `/v1/query/${encodeURIComponent(name)}?${params}`,
        new TextEncoder().encode(byId('query-payload').value));
      for await (const line of lines(response)) {
        if (!line.trim()) continue;
        const item = JSON.parse(line);
        const who = item.name || (item.member ? this.members.nameOf(item.member) : '');
        if (item.type === 'ack') {
          acks++;
          this.list.append(el('li', { cls: 'ack', data: { member: who } }, [
            el('span', { cls: 'kind', text: 'ack' }), el('span', { text: who })]));
        } else if (item.type === 'response') {
          responses++;
          this.list.append(el('li', { cls: 'response', data: { member: who } }, [
            el('span', { cls: 'kind', text: 'response' }), el('span', { text: `${who}: ` }),
            el('span', { cls: 'payload', text: payloadText(item) })]));
        } else if (item.type === 'done') {
          say('query-summary', `done: ${item.acks} acks, ${item.responses} responses`);
        } else if (item.type === 'error') {
          say('query-summary', `failed: ${item.name}`, true);
        }
        if (item.type === 'ack' || item.type === 'response') {
          say('query-summary', `running ${name}: ${acks} acks, ${responses} responses so far`);
        }
      }
    } catch (e) {
      say('query-summary', `failed: ${e.message}`, true);
    } finally {
      this.button.disabled = false;
    }
  }
}
