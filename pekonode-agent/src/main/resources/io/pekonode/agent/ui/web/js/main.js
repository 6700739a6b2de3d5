// Wires the dashboard together: asks for the token, checks it, then keeps everything live over the
// event stream (and the metrics every few seconds). Nothing is shown without an accepted token.
import { Api, ApiError } from './api.js';
import { byId, setText } from './dom.js';
import { EventStream } from './stream.js';
import { MemberTable } from './members.js';
import { Timeline } from './charts.js';
import { Metrics } from './metrics.js';
import { MetadataView } from './metadata.js';
import { Queries, UserEvents } from './messaging.js';

const TOKEN_KEY = 'pekonode.token';

/** One Api for the page: the token changes in place when the user enters another. */
const api = new Api('');
let views = null;
let stream = null;

function connection(state, text) {
  const node = byId('conn-state');
  node.dataset.state = state;
  node.textContent = text;
}

function stop() {
  if (stream) stream.stop();
  stream = null;
  if (views) {
    views.metrics.stop();
    views.members.clear();
    views.metadata.clear();
    views.events.clear();
  }
}

function refuse(message) {
  stop();
  byId('dashboard').hidden = true;
  byId('login').hidden = false;
  const refusal = byId('refusal');
  refusal.textContent = `The agent refused access: ${message}`;
  refusal.hidden = false;
  connection('refused', 'Refused');
  byId('token').focus();
}

/** The panels, made once (each registers its form and timer handlers), after the page is visible. */
function panels() {
  if (views) return views;
  const members = new MemberTable();
  views = {
    members,
    timeline: new Timeline(),
    metrics: new Metrics(api, members),
    metadata: new MetadataView(api, members),
    events: new UserEvents(api, members),
    queries: new Queries(api, members),
  };
  setInterval(showCounts, 1000);
  return views;
}

function showCounts() {
  const c = views.members.counts();
  setText('count-alive', c.ALIVE);
  setText('count-suspect', c.SUSPECT);
  setText('count-dead', c.DEAD);
  setText('count-left', c.LEFT);
}

function showStreamState(state, detail) {
  if (state === 'live') connection('live', 'Live');
  else if (state === 'connecting') connection('connecting', 'Connecting…');
  else {
    const wait = detail.delay ? `, retrying in ${Math.ceil(detail.delay / 1000)} s` : '';
    connection('reconnecting', `Reconnecting… (attempt ${detail.failures}${wait})`);
  }
}

/** Everything the stream would not repeat: fetched afresh on every (re)connection. */
async function reload() {
  try {
    const [members, events] = await Promise.all([api.get('/v1/members'), api.get('/v1/events?limit=50')]);
    views.members.load(members.members);
    showCounts();
    views.events.clear();
    for (const e of events.events) views.events.add(e);
    await views.metadata.load();
  } catch (e) {
    if (e instanceof ApiError && e.refused) refuse(e.message);
  }
}

function onEvent(type, data) {
  if (type.startsWith('member-')) {
    views.members.apply(type, data.member);
    views.timeline.add(type, data.member);
    showCounts();
  } else if (type === 'metadata') {
    views.metadata.apply(data);
  } else if (type === 'user') {
    views.events.add(data);
  }
}

async function connect(token) {
  stop();
  api.token = token;
  connection('connecting', 'Checking the token…');
  let info;
  try {
    info = await api.get('/v1/info');
  } catch (e) {
    if (e instanceof ApiError && e.refused) {
      sessionStorage.removeItem(TOKEN_KEY);
      refuse(e.message);
    } else {
      connection('reconnecting', `Cannot reach the agent: ${e.message}`);
      setTimeout(() => connect(token), 3000);
    }
    return;
  }
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  byId('refusal').hidden = true;
  byId('login').hidden = true;
  byId('dashboard').hidden = false;
  setText('node-name', `${info.name} (${info.address})`);
  panels();
  stream = new EventStream(api, { onState: showStreamState, onOpen: reload, onEvent, onRefused: refuse }).start();
  views.metrics.start();
}

byId('token-form').addEventListener('submit', e => {
  e.preventDefault();
  connect(byId('token').value.trim());
});

connect(sessionStorage.getItem(TOKEN_KEY) || '');
