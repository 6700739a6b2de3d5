// Charts with uPlot (loaded as a classic script, the global uPlot): the membership timeline and the
// small metric charts.
import { byId, clock } from './dom.js';

const HOUR_SECONDS = 3600;
/** The metric charts show the last ten minutes. */
const WINDOW_SECONDS = 600;
const KINDS = [
  { type: 'member-join', label: 'join', colour: '#1e6b34' },
  { type: 'member-update', label: 'update', colour: '#0b5cad' },
  { type: 'member-recover', label: 'refuted', colour: '#6a3d9a' },
  { type: 'member-suspect', label: 'suspect', colour: '#8a5a00' },
  { type: 'member-failed', label: 'failed', colour: '#b3261e' },
  { type: 'member-leave', label: 'leave', colour: '#4f5863' },
  { type: 'member-reap', label: 'reaped', colour: '#1b1f24' },
];

function width(container) {
  return Math.max(280, container.clientWidth || container.parentElement.clientWidth - 32);
}

/** Membership events of the last hour as points, one row per kind, with a tooltip for the nearest. */
export class Timeline {
  constructor() {
    this.events = []; // { at (seconds), kind index, name, id, state }
    this.container = byId('timeline');
    this.tip = byId('timeline-tip');
    const series = [{}, ...KINDS.map(k => ({
      label: k.label,
      stroke: k.colour,
      fill: k.colour,
      paths: () => null,
      points: { show: true, size: 9, stroke: k.colour, fill: k.colour },
    }))];
    this.plot = new uPlot({
      width: width(this.container),
      height: 220,
      series,
      scales: {
        x: { time: true, range: () => { const now = Date.now() / 1000; return [now - HOUR_SECONDS, now]; } },
        y: { range: [0.5, KINDS.length + 0.5] },
      },
      axes: [
        {},
        { splits: () => KINDS.map((_, i) => i + 1), values: (u, splits) => splits.map(v => KINDS[v - 1]?.label ?? ''), size: 70 },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      hooks: { setCursor: [u => this.hover(u)] },
    }, this.data(), this.container);
    window.addEventListener('resize', () => this.plot.setSize({ width: width(this.container), height: 220 }));
    setInterval(() => this.redraw(), 10000);
  }

  add(type, member) {
    const kind = KINDS.findIndex(k => k.type === type);
    if (kind < 0 || !member) return;
    this.events.push({ at: Date.now() / 1000, kind, name: member.name, id: member.id, state: member.state });
    this.redraw();
  }

  redraw() {
    const cutoff = Date.now() / 1000 - HOUR_SECONDS;
    while (this.events.length && this.events[0].at < cutoff) this.events.shift();
    this.plot.setData(this.data());
    this.container.dataset.points = String(this.events.length);
  }

  data() {
    const xs = this.events.map(e => e.at);
    return [xs, ...KINDS.map((_, k) => this.events.map(e => (e.kind === k ? k + 1 : null)))];
  }

  hover(u) {
    const idx = u.cursor.idx;
    const e = idx === null || idx === undefined ? null : this.events[idx];
    this.tip.textContent = e ? `${clock(e.at * 1000)}: ${e.name} ${KINDS[e.kind].label} (${e.state.toLowerCase()})` : '';
  }
}

/** A small line chart of the last ten minutes of one or two series. */
export class MetricChart {
  constructor(containerId, labels, colours) {
    this.container = byId(containerId);
    this.points = 400;
    this.xs = [];
    this.ys = labels.map(() => []);
    this.plot = new uPlot({
      width: width(this.container),
      height: 180,
      series: [{}, ...labels.map((label, i) => ({ label, stroke: colours[i], width: 2, spanGaps: true }))],
      scales: {
        x: { time: true, range: () => { const now = Date.now() / 1000; return [now - WINDOW_SECONDS, now]; } },
        y: { range: (u, min, max) => [0, Math.max(1, max ?? 1) * 1.1] },
      },
      axes: [{}, { size: 50 }],
    }, [this.xs, ...this.ys], this.container);
    window.addEventListener('resize', () => this.plot.setSize({ width: width(this.container), height: 180 }));
  }

  push(values) {
    const now = Date.now() / 1000;
    this.xs.push(now);
    values.forEach((v, i) => this.ys[i].push(v));
    while (this.xs.length > this.points || (this.xs.length && this.xs[0] < now - WINDOW_SECONDS)) {
      this.xs.shift();
      this.ys.forEach(y => y.shift());
    }
    this.plot.setData([this.xs, ...this.ys]);
    this.container.dataset.points = String(this.xs.length); // the canvas shows them; this says how many
  }
}
