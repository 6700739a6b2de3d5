// The agent's event stream (GET /v1/stream, Server-Sent Events) read with fetch, because an
// EventSource cannot send the Authorization header. A stream that ends, fails or stays silent past
// the agent's heartbeat is dropped and opened again, with growing, jittered delays.

const FIRST_DELAY_MILLIS = 500;
const MAX_DELAY_MILLIS = 15000;
/** A stream silent for this many heartbeats (plus the slack) counts as stalled. */
const STALL_BEATS = 2;
const STALL_SLACK_MILLIS = 2000;

export class EventStream {
  /**
   * @param api          the Api with the tab's token
   * @param handlers     onEvent(type, data), onOpen(), onState(state, detail), onRefused(message)
   * @param stallMillis  silence after which the stream counts as broken, until the agent says how often it
   *                     sends a heartbeat (every 15 s unless configured otherwise)
   */
  constructor(api, handlers, stallMillis = 40000) {
    this.api = api;
    this.handlers = handlers;
    this.stallMillis = stallMillis;
    this.stopped = false;
    this.controller = null;
  }

  start() {
    this.run();
    return this;
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
  }

  async run() {
    let failures = 0;
    while (!this.stopped) {
      this.handlers.onState(failures === 0 ? 'connecting' : 'reconnecting', { failures });
      const controller = new AbortController();
      this.controller = controller;
      let watchdog = null;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), this.stallMillis);
      };
      try {
        arm();
        const response = await fetch('/v1/stream', {
          headers: this.api.headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403 || response.status === 429) {
          let message = `${response.status}`;
          try { message = (await response.json()).error || message; } catch { /* keep the status */ }
          clearTimeout(watchdog);
          this.handlers.onRefused(message);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        failures = 0;
        this.handlers.onState('live', {});
        await this.handlers.onOpen();
        await this.read(response, arm);
      } catch (e) {
        // ended, reset, aborted by the watchdog: all the same, open it again
      }
      clearTimeout(watchdog);
      if (this.stopped) return;
      failures++;
      const delay = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS * 2 ** Math.min(failures - 1, 10))
        * (0.75 + Math.random() * 0.5);
      this.handlers.onState('reconnecting', { failures, delay });
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }

  async read(response, arm) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let at;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        this.frame(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
      }
      arm(); // after the frames: the first one may have told the heartbeat period
    }
  }

  frame(text) {
    let type = 'message';
    const data = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) { // comment: connected (with the heartbeat period), keep-alive
        const beat = /heartbeat (\d+) ms/.exec(line);
        if (beat) this.stallMillis = STALL_BEATS * Number(beat[1]) + STALL_SLACK_MILLIS;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    try {
      this.handlers.onEvent(type, JSON.parse(data.join('\n')));
    } catch (e) {
      console.warn('ignored a stream event that could not be read', e);
    }
  }
}
