// Reads GET /v1/metrics every few seconds: rates from counter differences, interval means from timers.
import { byId, setText } from './dom.js';
import { MetricChart } from './charts.js';

const PERIOD_MILLIS = 2000;

function sum(meters, name) {
  return meters.filter(m => m.name === name).reduce((total, m) => total + (m.value ?? 0), 0);
}

function timer(meters, name) {
  const m = meters.find(x => x.name === name && x.measurements);
  if (!m) return null;
  return { count: m.measurements.count ?? 0, total: m.measurements.total_time ?? 0, max: m.measurements.max ?? 0 };
}

function gauge(meters, name) {
  const m = meters.find(x => x.name === name);
  return m ? m.value : null;
}

function rate(now, before, seconds) {
  return before === undefined ? null : Math.max(0, (now - before) / seconds);
}

function meanMillis(now, before) {
  if (!now || !before || now.count <= before.count) return null;
  return ((now.total - before.total) / (now.count - before.count)) * 1000;
}

export class Metrics {
  constructor(api, members) {
    this.api = api;
    this.members = members;
    this.previous = null;
    this.rtt = new MetricChart('chart-rtt', ['mean', 'max'], ['#0b5cad', '#b3261e']);
    this.dissemination = new MetricChart('chart-dissemination', ['mean', 'max'], ['#1e6b34', '#8a5a00']);
    this.timer = null;
  }

  start() {
    this.poll();
    this.timer = setInterval(() => this.poll(), PERIOD_MILLIS);
  }

  stop() {
    clearInterval(this.timer);
  }

  async poll() {
    let meters;
    try {
      meters = (await this.api.get('/v1/metrics')).meters;
    } catch {
      return; // the stream's state tells the user; the next poll tries again
    }
    const now = {
      at: Date.now(),
      gossip: sum(meters, 'pekonode.gossip.rounds'),
      probes: sum(meters, 'pekonode.probes'),
      drops: sum(meters, 'pekonode.packets.dropped'),
      rtt: timer(meters, 'pekonode.probe.rtt'),
      delay: timer(meters, 'pekonode.gossip.queue.delay'),
      health: gauge(meters, 'pekonode.health.score'),
      queue: gauge(meters, 'pekonode.gossip.queue.size'),
    };
    const before = this.previous;
    this.previous = now;
    setText('health-score', now.health ?? '–');
    this.showConvergence(now.queue);
    if (!before) return;
    const seconds = (now.at - before.at) / 1000;
    const show = v => (v === null ? '–' : v.toFixed(1));
    setText('rate-gossip', show(rate(now.gossip, before.gossip, seconds)));
    setText('rate-probes', show(rate(now.probes, before.probes, seconds)));
    setText('rate-drops', show(rate(now.drops, before.drops, seconds)));
    this.rtt.push([meanMillis(now.rtt, before.rtt), now.rtt ? now.rtt.max * 1000 : null]);
    this.dissemination.push([meanMillis(now.delay, before.delay), now.delay ? now.delay.max * 1000 : null]);
  }

  /**
   * This agent can only judge its own view: settled when nobody is suspected and no rumor waits to be
   * gossiped; other members' views are not visible through its API.
   */
  showConvergence(queue) {
    const suspects = this.members.counts().SUSPECT;
    const cell = byId('converged');
    if (queue === null) {
      cell.textContent = 'unknown';
      return;
    }
    const settled = suspects === 0 && queue === 0;
    cell.textContent = settled ? 'settled' : 'changing';
    cell.title = `${suspects} suspect, ${queue} rumors waiting to be gossiped`;
  }
}
