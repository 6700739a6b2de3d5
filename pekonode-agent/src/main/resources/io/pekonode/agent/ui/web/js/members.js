// The member table: sortable, filterable, and a member that turns suspect or dead flashes for a while.
import { age, byId, el, setText } from './dom.js';

const STATE_ORDER = { ALIVE: 0, SUSPECT: 1, DEAD: 2, LEFT: 3 };
const HIGHLIGHT_MILLIS = 5000;

export class MemberTable {
  constructor() {
    /** id -> { view, since, sinceKnown, highlightUntil } */
    this.members = new Map();
    this.sort = { key: 'name', ascending: true };
    this.body = byId('members').tBodies[0];
    for (const button of document.querySelectorAll('#members th button')) {
      button.addEventListener('click', () => this.sortBy(button.dataset.sort));
    }
    for (const id of ['filter-name', 'filter-state', 'filter-tag']) {
      byId(id).addEventListener('input', () => this.render());
    }
    setInterval(() => this.tick(), 1000);
  }

  clear() {
    this.members.clear();
    this.render();
  }

  /** The full list from GET /v1/members: members it no longer lists were reaped. */
  load(views) {
    const now = Date.now();
    const seen = new Set();
    for (const view of views) {
      seen.add(view.id);
      const known = this.members.get(view.id);
      if (known && known.view.state === view.state) {
        known.view = view;
      } else {
        this.members.set(view.id, {
          view, since: now, sinceKnown: Boolean(known), highlightUntil: known ? this.highlight(view.state, now) : 0,
        });
      }
    }
    for (const id of [...this.members.keys()]) {
      if (!seen.has(id)) this.members.delete(id);
    }
    this.render();
  }

  /** A member-* event from the stream. */
  apply(type, view) {
    if (!view) return;
    if (type === 'member-reap') {
      this.members.delete(view.id);
    } else {
      const now = Date.now();
      const known = this.members.get(view.id);
      if (known && known.view.state === view.state) {
        known.view = view;
      } else {
        this.members.set(view.id, { view, since: now, sinceKnown: true, highlightUntil: this.highlight(view.state, now) });
      }
    }
    this.render();
  }

  highlight(state, now) {
    return state === 'SUSPECT' || state === 'DEAD' ? now + HIGHLIGHT_MILLIS : 0;
  }

  nameOf(id) {
    const m = this.members.get(id);
    return m ? m.view.name : id;
  }

  counts() {
    const counts = { ALIVE: 0, SUSPECT: 0, DEAD: 0, LEFT: 0 };
    for (const m of this.members.values()) counts[m.view.state] = (counts[m.view.state] || 0) + 1;
    return counts;
  }

  sortBy(key) {
    this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
    for (const th of document.querySelectorAll('#members th')) {
      const mine = th.querySelector('button').dataset.sort === key;
      if (mine) th.setAttribute('aria-sort', this.sort.ascending ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
    this.render();
  }

  visible() {
    const name = byId('filter-name').value.trim().toLowerCase();
    const state = byId('filter-state').value;
    const tag = byId('filter-tag').value.trim();
    const eq = tag.indexOf('=');
    const tagKey = eq < 0 ? tag : tag.slice(0, eq);
    const tagValue = eq < 0 ? null : tag.slice(eq + 1);
    const rows = [...this.members.values()].filter(m => {
      const v = m.view;
      if (name && !v.name.toLowerCase().includes(name)) return false;
      if (state && v.state !== state) return false;
      if (tagKey) {
        if (!Object.prototype.hasOwnProperty.call(v.tags || {}, tagKey)) return false;
        if (tagValue !== null && !String(v.tags[tagKey]).includes(tagValue)) return false;
      }
      return true;
    });
    const { key, ascending } = this.sort;
    const value = m => {
      switch (key) {
        case 'state': return STATE_ORDER[m.view.state] ?? 9;
        case 'incarnation': return m.view.incarnation;
        case 'since': return -m.since;
        case 'tags': return tagsText(m.view.tags);
        default: return String(m.view[key] ?? '');
      }
    };
    rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = x < y ? -1 : x > y ? 1 : a.view.name.localeCompare(b.view.name);
      return ascending ? order : -order;
    });
    return rows;
  }

  render() {
    const now = Date.now();
    const rows = this.visible().map(m => {
      const v = m.view;
      const tags = el('td', {}, Object.entries(v.tags || {}).map(([k, val]) => el('span', { cls: 'tag', text: `${k}=${val}` })));
      const row = el('tr', { data: { id: v.id, name: v.name, state: v.state } }, [
        el('td', { text: v.name, cls: 'name' }),
        el('td', { text: v.id, cls: 'mono' }),
        el('td', { text: v.address, cls: 'mono' }),
        el('td', { cls: 'state' }, [el('span', { cls: `badge ${v.state}`, text: v.state.toLowerCase() })]),
        el('td', { text: v.incarnation }),
        tags,
        el('td', { cls: 'since', data: { since: m.since, known: m.sinceKnown } }),
      ]);
      if (m.highlightUntil > now) row.classList.add('changed');
      return row;
    });
    this.body.replaceChildren(...rows);
    setText('members-shown', `(${rows.length} of ${this.members.size})`);
    this.tick();
  }

  /** Refreshes the durations and ends highlights without rebuilding the table. */
  tick() {
    const now = Date.now();
    for (const cell of this.body.querySelectorAll('td.since')) {
      const text = age(Number(cell.dataset.since), now);
      cell.textContent = cell.dataset.known === 'true' ? text : `≥ ${text}`;
      cell.title = cell.dataset.known === 'true' ? '' : 'the state was reached before this page opened';
    }
    for (const row of this.body.querySelectorAll('tr.changed')) {
      const m = this.members.get(row.dataset.id);
      if (!m || m.highlightUntil <= now) row.classList.remove('changed');
    }
  }
}

function tagsText(tags) {
  return Object.entries(tags || {}).map(([k, v]) => `${k}=${v}`).sort().join(',');
}
