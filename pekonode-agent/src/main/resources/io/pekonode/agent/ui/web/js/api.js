// Calls to the agent's HTTP API with the tab's token.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }

  /** The token is missing, wrong, lacks the scope, or this browser made too many failed attempts. */
  get refused() {
    return this.status === 401 || this.status === 403 || this.status === 429;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  headers(extra = {}) {
    const headers = { ...extra };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return headers;
  }

  /** The raw response of a call; throws ApiError with the agent's message on a non-2xx answer. */
  async call(method, path, body, signal) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/octet-stream' }),
        body,
        cache: 'no-store',
        signal,
      });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, `the agent cannot be reached (${e.message})`);
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try {
        const error = await response.json();
        if (error && error.error) message = error.error;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiError(response.status, message);
    }
    return response;
  }

  async json(method, path, body) {
    const response = await this.call(method, path, body);
    return response.json();
  }

  get(path) {
    return this.json('GET', path);
  }
}

/** Reads a streamed response body line by line (the query's JSON lines, the event stream's frames). */
export async function* lines(response, separator = '\n') {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let at;
    while ((at = buffer.indexOf(separator)) >= 0) {
      yield buffer.slice(0, at);
      buffer = buffer.slice(at + separator.length);
    }
  }
  if (buffer.trim()) yield buffer;
}
