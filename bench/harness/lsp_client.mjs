/**
 * A minimal LSP client over a child process's stdio (Content-Length framing,
 * JSON-RPC 2.0), written for measuring: each incoming message is stamped with
 * `performance.now()` as soon as its last byte is decoded, so latencies do not
 * include time spent in our own handlers.
 */

const HEADER_END = Buffer.from('\r\n\r\n');

export class LspClient {
  /** @param {import('node:child_process').ChildProcess} child  spawned with stdio pipes */
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, method}
    this.waiters = []; // {method, predicate, resolve, reject, timer}
    this.listeners = new Map(); // method -> callback[]
    this.chunks = [];
    this.buffered = 0;
    this.expected = -1; // body length once the header is read
    this.lastMessageAt = performance.now();
    this.closed = null;
    child.stdout.on('data', (chunk) => this.onData(chunk));
    child.on('exit', (code, signal) => this.fail(`server exited (code ${code}, signal ${signal})`));
  }

  /** Ends the session: everything still waiting is rejected with `reason`. */
  fail(reason) {
    if (this.closed) return;
    this.closed = reason;
    const err = new Error(reason);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiters = [];
  }

  request(method, params, timeoutMs = 60000) {
    if (this.closed) return Promise.reject(new Error(this.closed));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Calls `callback(params, receivedAt)` for every notification of `method`. */
  on(method, callback) {
    const list = this.listeners.get(method) ?? [];
    list.push(callback);
    this.listeners.set(method, list);
  }

  /** Resolves with `{ params, at }` for the first notification of `method` accepted by `predicate`. */
  waitFor(method, predicate, timeoutMs) {
    if (this.closed) return Promise.reject(new Error(this.closed));
    return new Promise((resolve, reject) => {
      const waiter = { method, predicate, resolve, reject, timer: undefined };
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once no message has arrived for `quietMs` (or after `limitMs`). */
  async settle(quietMs, limitMs) {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      if (performance.now() - this.lastMessageAt >= quietMs) return;
      await new Promise((r) => setTimeout(r, Math.max(10, quietMs / 4)));
    }
  }

  send(message) {
    if (this.closed) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  onData(chunk) {
    if (this.closed) return;
    try {
      this.consume(chunk);
    } catch (err) {
      this.fail(`unreadable message from the server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  consume(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        const head = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.chunks = [head];
        const end = head.indexOf(HEADER_END);
        if (end < 0) return;
        const header = head.subarray(0, end).toString('ascii');
        const match = /Content-Length:\s*(\d+)/i.exec(header);
        if (!match) throw new Error(`LSP frame without Content-Length: ${JSON.stringify(header.slice(0, 200))}`);
        this.expected = Number(match[1]);
        const rest = head.subarray(end + HEADER_END.length);
        this.chunks = [rest];
        this.buffered = rest.length;
      }
      // Large frames (the first diagnostics of a 10k-model project) arrive in many
      // chunks; concatenate once, when the whole body is here.
      if (this.buffered < this.expected) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = all.subarray(0, this.expected);
      const rest = all.subarray(this.expected);
      this.chunks = [rest];
      this.buffered = rest.length;
      this.expected = -1;
      const at = performance.now();
      this.lastMessageAt = at;
      this.dispatch(JSON.parse(body.toString('utf8')), at);
      if (this.buffered === 0) return;
    }
  }

  dispatch(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.error) p.reject(new Error(`${p.method}: ${message.error.message}`));
      else p.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      this.answerServerRequest(message);
      return;
    }
    for (const cb of this.listeners.get(message.method) ?? []) cb(message.params, at);
    for (const w of this.waiters) {
      if (w.method === message.method && w.predicate(message.params)) {
        clearTimeout(w.timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve({ params: message.params, at });
        break;
      }
    }
  }

  /** The server may ask the client things; a benchmark client has no settings and accepts everything. */
  answerServerRequest(message) {
    let result = null;
    if (message.method === 'workspace/configuration') {
      result = (message.params?.items ?? []).map(() => ({}));
    }
    this.send({ jsonrpc: '2.0', id: message.id, result });
  }
}

/** Frames one message; exported for tests of servers that read our output. */
export function frame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}
