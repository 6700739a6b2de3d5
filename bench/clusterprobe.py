#!/usr/bin/env python3
"""Measurement helper for bench/serf-vs-pekonode.sh (standard library only, Python 3.8+).

The shell script owns the processes (start, kill -9, leave, cleanup); this helper only observes:
it polls every agent concurrently (one thread and one persistent connection per agent) and reports
when a condition first held on every agent, measured from a wall-clock start time the script took
just before it acted. Every command prints one JSON object on stdout.

  freeports COUNT                          first base port with COUNT free TCP+UDP ports on 127.0.0.1
  wait SYSTEM ENDPOINTS COND TIMEOUT (--t0 EPOCH | --act CMD)
                                           seconds from T0 (or from just before CMD is started in
                                           the background) until COND held on every endpoint
  serf-event ENDPOINTS FROM TIMEOUT        Serf user event sent through agent FROM (index into
                                           ENDPOINTS), until every agent's RPC event stream had it
  peko-event ENDPOINTS FROM TIMEOUT        the same for PekoNode: POST /v1/event/NAME on agent
                                           FROM, until every agent's GET /v1/stream had it
  peko-kv ENDPOINTS FROM KEY VALUE TIMEOUT  a kv put the same way: PUT /v1/kv/KEY on agent FROM over a
                                           connection opened first, until every agent's stream had it
  idle PIDS SECONDS [--net TABLE LO HI NETSECONDS]
                                           VmRSS of each pid, then CPU% of each over SECONDS; with
                                           --net also the gossip traffic of ports LO..HI over
                                           NETSECONDS (>= SECONDS, same start), counted by an
                                           nftables table TABLE created for it and deleted after
  net-drop TABLE                           deletes that nftables table (cleanup after a crash)
  logcheck SYSTEM LOGDIR SPARED N          suspicions and failure declarations in the logs of agents
                                           n1..nN of members not named in SPARED (comma-separated)
  report RAW.tsv                           markdown tables (median [min-max]) from the raw results

SYSTEM is serf (endpoints = RPC host:port, spoken natively: msgpack over TCP, as `serf members`
does, without forking one CLI per poll) or peko (endpoints = HTTP host:port, GET /v1/members).
COND: alive=N (the agent lists N alive members), gone=NAME:failed|left (the agent shows NAME in
that state), kv=KEY:VALUE (peko: GET /v1/kv/KEY returns VALUE), tag=NAME:K:V (serf: NAME carries
tag K=V). Times are taken when a response arrives, so they are upper bounds within one poll period.
For peko, wait --act with gone= or kv= (and peko-event) also opens GET /v1/stream on every agent and
reports agent_seconds / agent_first_seconds: the same span by the "time" each agent stamped on the
event when it delivered it (one host, one clock), free of the poll period and of the harness's own
scheduling; wait's optional trailing "--origin ENDPOINT" adds origin_agent_seconds, that agent's own.
"""
import datetime
import http.client
import json
import os
import random
import re
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

POLL_SECONDS = 0.1

# ----------------------------------------------------------------------------------------------
# Minimal msgpack (the subset the Serf RPC uses) and the Serf RPC client.


def mp_pack(obj, out):
    if obj is None:
        out.append(0xC0)
    elif obj is True:
        out.append(0xC3)
    elif obj is False:
        out.append(0xC2)
    elif isinstance(obj, int):
        if 0 <= obj < 128:
            out.append(obj)
        elif obj >= 0:
            out += b"\xcf" + struct.pack(">Q", obj)
        else:
            out += b"\xd3" + struct.pack(">q", obj)
    elif isinstance(obj, str):
        raw = obj.encode()
        if len(raw) < 32:
            out.append(0xA0 | len(raw))
        else:
            out += b"\xdb" + struct.pack(">I", len(raw))
        out += raw
    elif isinstance(obj, (bytes, bytearray)):
        out += b"\xc6" + struct.pack(">I", len(obj)) + bytes(obj)
    elif isinstance(obj, (list, tuple)):
        out += b"\xdd" + struct.pack(">I", len(obj))
        for item in obj:
            mp_pack(item, out)
    elif isinstance(obj, dict):
        out += b"\xdf" + struct.pack(">I", len(obj))
        for key, value in obj.items():
            mp_pack(key, out)
            mp_pack(value, out)
    else:
        raise TypeError("cannot msgpack %r" % type(obj))
    return out


def mp_unpack(read):
    """Decodes one msgpack object; read(n) must return exactly n bytes."""
    b = read(1)[0]
    if b <= 0x7F:
        return b
    if b >= 0xE0:
        return b - 0x100
    if 0x80 <= b <= 0x8F:
        return _mp_map(read, b & 0x0F)
    if 0x90 <= b <= 0x9F:
        return [mp_unpack(read) for _ in range(b & 0x0F)]
    if 0xA0 <= b <= 0xBF:
        return _mp_str(read(b & 0x1F))
    fixed = {0xC0: None, 0xC2: False, 0xC3: True}
    if b in fixed:
        return fixed[b]
    sized = {0xC4: 1, 0xC5: 2, 0xC6: 4}  # bin 8/16/32
    if b in sized:
        return read(_uint(read, sized[b]))
    strs = {0xD9: 1, 0xDA: 2, 0xDB: 4}
    if b in strs:
        return _mp_str(read(_uint(read, strs[b])))
    ints = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q",
            0xCA: ">f", 0xCB: ">d"}
    if b in ints:
        fmt = ints[b]
        return struct.unpack(fmt, read(struct.calcsize(fmt)))[0]
    if b in (0xDC, 0xDD):
        return [mp_unpack(read) for _ in range(_uint(read, 2 if b == 0xDC else 4))]
    if b in (0xDE, 0xDF):
        return _mp_map(read, _uint(read, 2 if b == 0xDE else 4))
    exts = {0xD4: 1, 0xD5: 2, 0xD6: 4, 0xD7: 8, 0xD8: 16}
    if b in exts:
        read(1)
        return read(exts[b])
    if b in (0xC7, 0xC8, 0xC9):
        size = _uint(read, {0xC7: 1, 0xC8: 2, 0xC9: 4}[b])
        read(1)
        return read(size)
    raise ValueError("unsupported msgpack byte 0x%02x" % b)


def _uint(read, size):
    return int.from_bytes(read(size), "big")


def _mp_str(raw):
    return raw.decode("utf-8", "replace")


def _mp_map(read, n):
    result = {}
    for _ in range(n):
        key = mp_unpack(read)
        result[key if not isinstance(key, bytes) else key.decode()] = mp_unpack(read)
    return result


class SerfRpc:
    """One persistent Serf RPC connection (IPC version 1), as used by the serf CLI."""

    def __init__(self, endpoint, timeout=2.0):
        host, port = endpoint.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.seq = 0
        self.call("handshake", {"Version": 1})

    def read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("serf rpc closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def send(self, command, body=None):
        self.seq += 1
        out = mp_pack({"Command": command, "Seq": self.seq}, bytearray())
        if body is not None:
            mp_pack(body, out)
        self.sock.sendall(bytes(out))
        return self.seq

    def header(self):
        head = mp_unpack(self.read)
        if head.get("Error"):
            raise RuntimeError("serf rpc error: %s" % head["Error"])
        return head

    def call(self, command, body=None, has_response_body=False):
        self.send(command, body)
        self.header()
        return mp_unpack(self.read) if has_response_body else None

    def members(self):
        """[(name, status, tags)]"""
        result = self.call("members", None, True)
        return [(m["Name"], m["Status"], m.get("Tags") or {}) for m in result["Members"]]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class PekoHttp:
    """One persistent HTTP/1.1 connection to a PekoNode agent's API."""

    def __init__(self, endpoint, timeout=2.0):
        host, port = endpoint.rsplit(":", 1)
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)

    def get(self, path):
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        return response.status, response.read()

    def members(self):
        status, body = self.get("/v1/members")
        if status != 200:
            raise RuntimeError("HTTP %d" % status)
        return [(m["name"], m["state"], m.get("tags") or {}) for m in json.loads(body)["members"]]

    def close(self):
        self.conn.close()


# ----------------------------------------------------------------------------------------------
# Conditions: each returns (satisfied, anomalies) for one agent's answer.

ALIVE = {"serf": "alive", "peko": "ALIVE"}
GONE = {"serf": {"failed": "failed", "left": "left"}, "peko": {"failed": "DEAD", "left": "LEFT"}}


def make_condition(system, cond):
    kind, _, arg = cond.partition("=")
    if kind == "alive":
        want = int(arg)

        def alive(client):
            members = client.members()
            live = sum(1 for _, state, _ in members if state == ALIVE[system])
            others = ["%s=%s" % (n, st) for n, st, _ in members if st != ALIVE[system]]
            client.last = "%d alive of %d listed %s" % (live, len(members), " ".join(others[:5]))
            return live >= want, []
        return alive
    if kind == "gone":
        name, _, how = arg.partition(":")
        target = GONE[system][how]

        def gone(client):
            members = client.members()
            odd = ["%s=%s" % (n, s) for n, s, _ in members if n != name and s not in (ALIVE[system],) + tuple(
                GONE[system].values())]
            return any(n == name and s == target for n, s, _ in members), odd
        return gone
    if kind == "kv":
        key, _, value = arg.partition(":")

        def kv(client):
            status, body = client.get("/v1/kv/" + key)
            return status == 200 and body.decode("utf-8", "replace") == value, []
        return kv
    if kind == "tag":
        name, k, v = arg.split(":", 2)

        def tag(client):
            return any(n == name and tags.get(k) == v for n, _, tags in client.members()), []
        return tag
    raise SystemExit("unknown condition " + cond)


# ----------------------------------------------------------------------------------------------
# Our agents' own account: every agent stamps each event on GET /v1/stream with its clock ("time")
# when it delivers it. All agents run on this host, so one clock: the stamps say when each agent
# applied a change, without the poll period or the harness's own scheduling on a loaded machine.

def stamp_seconds(text):
    """Epoch seconds of an ISO-8601 instant as Java prints it ("2026-12-04T22:01:02.123456789Z")."""
    head, _, frac = text.rstrip("Z").partition(".")
    whole = datetime.datetime.strptime(head, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return whole.timestamp() + (float("0." + frac) if frac else 0.0)


def stream_spec(cond):
    """The stream kind and the needles of the frame that shows COND on one of our agents, or None."""
    kind, _, arg = cond.partition("=")
    if kind == "gone":
        name, _, how = arg.partition(":")
        return ("member-failed" if how == "failed" else "member-leave"), ['"name":"%s"' % name]
    if kind == "kv":
        key, _, value = arg.partition(":")
        return "metadata", ['"key":"%s"' % key, '"value":"%s"' % value]
    return None


class StampedStreams:
    """GET /v1/stream?type=KIND open on every agent (each confirmed subscribed before it returns); each
    agent's first frame holding every needle gives its stamp (the agent's clock) and its arrival here
    (the harness's clock)."""

    def __init__(self, endpoints, kind, needles, timeout):
        self.stamps = {}
        self.arrived = {}
        self.streams = []
        self.needles = [n.encode() for n in needles]
        for endpoint in endpoints:
            host, port = endpoint.rsplit(":", 1)
            conn = http.client.HTTPConnection(host, int(port), timeout=float(timeout))
            conn.request("GET", "/v1/stream?type=" + kind)
            response = conn.getresponse()
            if response.status != 200:
                raise SystemExit("%s: GET /v1/stream answered HTTP %d" % (endpoint, response.status))
            while not response.readline().startswith(b": connected"):
                pass
            self.streams.append((endpoint, conn, response))
        self.threads = [threading.Thread(target=self._listen, args=s, daemon=True) for s in self.streams]
        for t in self.threads:
            t.start()

    def _listen(self, endpoint, _conn, response):
        try:
            while True:
                line = response.readline()
                if not line:
                    return
                if line.startswith(b"data:") and all(n in line for n in self.needles):
                    self.arrived[endpoint] = time.time()
                    self.stamps[endpoint] = stamp_seconds(json.loads(line[5:])["time"])
                    return
        except Exception:
            return

    def summary(self, t0, deadline, origin=None):
        """Seconds from T0 to the last agent's stamp (None unless every agent stamped), to the first,
        and to ORIGIN's own (the agent the change was made through)."""
        for t in self.threads:
            t.join(max(0.0, deadline - time.time()))
        for _, conn, _ in self.streams:
            conn.close()
        stamps = self.stamps
        out = {"agent_stamped": len(stamps),
               "agent_seconds": round(max(stamps.values()) - t0, 3) if len(stamps) == len(self.streams) else None,
               "agent_first_seconds": round(min(stamps.values()) - t0, 3) if stamps else None}
        if origin is not None:
            out["origin_agent_seconds"] = round(stamps[origin] - t0, 3) if origin in stamps else None
        return out


def connect(system, endpoint):
    return SerfRpc(endpoint) if system == "serf" else PekoHttp(endpoint)


def cmd_wait(system, endpoints, cond, timeout, how, what, *extra):
    origin = extra[1] if len(extra) == 2 and extra[0] == "--origin" else None
    check = make_condition(system, cond)
    action = None
    t0_file = None
    spec = stream_spec(cond) if system == "peko" and how == "--act" else None
    stamped = StampedStreams([e for e in endpoints.split(",") if e], spec[0], spec[1], timeout) if spec else None
    if how == "--t0":
        t0 = float(what)
    elif how == "--t0-file":
        # Started before the event it times (the last agent's start): polling is already running
        # when the script writes the wall-clock start time into this file.
        t0 = None
        t0_file = what
    elif how == "--act":
        # Polling starts at once while the action (kill, leave, put...) runs: some of them block
        # until their own broadcast went out, which would otherwise hide the first part of the spread.
        t0 = time.time()
        action = subprocess.Popen(what, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        raise SystemExit("wait needs --t0 EPOCH, --t0-file PATH or --act CMD")
    endpoints = [e for e in endpoints.split(",") if e]
    deadline = (float(t0) if t0 is not None else time.time()) + float(timeout)

    def t0_known():
        return t0 is not None or os.path.exists(t0_file)
    first = {}
    anomalies = set()
    errors = {}
    answers = {}
    last = {}  # the last unsatisfied answer of each agent, for the diagnostics below
    lock = threading.Lock()

    def watch(endpoint):
        client = None
        time.sleep(random.random() * POLL_SECONDS)  # spread the agents over the poll period
        while time.time() < deadline:
            started = time.time()
            try:
                if client is None:
                    client = connect(system, endpoint)
                ok, odd = check(client)
                now = time.time()
                with lock:
                    anomalies.update(odd)
                    answers[endpoint] = answers.get(endpoint, 0) + 1
                    if not ok:
                        last[endpoint] = getattr(client, "last", "")
                if ok:
                    with lock:
                        first[endpoint] = now
                    break
            except Exception as e:  # an agent that is slow or restarting is retried, not fatal
                if t0_known():  # before that, the agent being timed is still starting: refusals expected
                    with lock:
                        kind = "%s: %s" % (type(e).__name__, str(e)[:80])
                        errors[kind] = errors.get(kind, 0) + 1
                if client is not None:
                    client.close()
                client = None
            time.sleep(max(0.0, POLL_SECONDS - (time.time() - started)))
        if client is not None:
            client.close()

    threads = [threading.Thread(target=watch, args=(e,), daemon=True) for e in endpoints]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.time()) + 3)
    if t0 is None:
        while not os.path.exists(t0_file) and time.time() < deadline:
            time.sleep(0.05)
        try:
            with open(t0_file) as f:
                t0 = float(f.read().strip())
        except (OSError, ValueError):
            print(json.dumps({"ok": False, "error": "no start time in " + t0_file}))
            return 1
    if action is not None:
        try:
            action.wait(timeout=15)
        except subprocess.TimeoutExpired:
            action.kill()
    ok = len(first) == len(endpoints)
    result = {"ok": ok, "agents": len(endpoints), "satisfied": len(first),
              "seconds": round(max(first.values()) - float(t0), 3) if ok else None,
              "first_agent_seconds": round(min(first.values()) - float(t0), 3) if first else None,
              "anomalies": sorted(anomalies), "poll_errors": sum(errors.values())}
    if errors:
        result["errors"] = errors
    if stamped is not None:
        result.update(stamped.summary(float(t0), time.time() + 5, origin))
    slow = sorted(first.items(), key=lambda kv: -kv[1])[:3]
    result["slowest"] = ["%s %.2fs %s" % (e, t - float(t0), last.get(e, "")) for e, t in slow]
    missing = [e for e in endpoints if e not in first]
    if missing:
        result["unsatisfied"] = ["%s (%d answers) %s" % (e, answers.get(e, 0), last.get(e, "")) for e in missing[:5]]
    print(json.dumps(result))
    return 0 if ok else 1


def cmd_serf_event(endpoints, sender, timeout):
    """Subscribes to user events on every agent, sends one through endpoint #sender, times arrival."""
    endpoints = [e for e in endpoints.split(",") if e]
    name = "bench%d" % random.randrange(1 << 30)
    streams = []
    for endpoint in endpoints:
        rpc = SerfRpc(endpoint)
        rpc.call("stream", {"Type": "user:" + name})  # the ack; events follow on this connection
        rpc.sock.settimeout(float(timeout))
        streams.append(rpc)
    arrived = {}

    def listen(i, rpc):
        try:
            while True:
                rpc.header()
                record = mp_unpack(rpc.read)
                if record.get("Name") == name:
                    arrived[i] = time.time()
                    return
        except Exception:
            return

    threads = [threading.Thread(target=listen, args=(i, s), daemon=True) for i, s in enumerate(streams)]
    for t in threads:
        t.start()
    sender_rpc = SerfRpc(endpoints[int(sender)])
    t0 = time.time()
    sender_rpc.call("event", {"Name": name, "Payload": b"v1", "Coalesce": False})
    for t in threads:
        t.join(max(0.0, t0 + float(timeout) - time.time()))
    ok = len(arrived) == len(endpoints)
    print(json.dumps({"ok": ok, "agents": len(endpoints), "satisfied": len(arrived),
                      "seconds": round(max(arrived.values()) - t0, 3) if ok else None}))
    for s in streams + [sender_rpc]:
        s.close()
    return 0 if ok else 1


def cmd_peko_event(endpoints, sender, timeout):
    """Opens GET /v1/stream?type=user on every agent, POSTs one event through endpoint #sender, times arrival.

    The same operation as cmd_serf_event: the sender's connection is open before the clock starts,
    every stream is confirmed subscribed (the agent's ": connected" line) before the event is sent,
    and an agent counts when the event's frame arrives on its stream (the sender's own included).
    """
    name = "bench%d" % random.randrange(1 << 30)
    return _timed_change(endpoints, sender, timeout, "user", ['"name":"%s"' % name],
                         "POST", "/v1/event/" + name, b"v1", "post_status")


def cmd_peko_kv(endpoints, sender, key, value, timeout):
    """PUTs KEY=VALUE through endpoint #sender and times its arrival on every agent's metadata stream.

    Timed like cmd_peko_event, so a write and an event compare as operations. Not timed: starting a
    client process, which on a loaded host took 0.25-0.3 s of the figure before (the writer's own
    stream showed the write that late).
    """
    return _timed_change(endpoints, sender, timeout, "metadata", ['"key":"%s"' % key, '"value":"%s"' % value],
                         "PUT", "/v1/kv/" + key, value.encode(), "put_status")


def _timed_change(endpoints, sender, timeout, kind, needles, method, path, body, status_key):
    """Makes one change through endpoint #sender over a connection opened first, with a stream of KIND
    confirmed open on every agent before the clock starts; prints when each agent's stream had it."""
    endpoints = [e for e in endpoints.split(",") if e]
    streams = StampedStreams(endpoints, kind, needles, timeout)
    host, port = endpoints[int(sender)].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=float(timeout))
    conn.connect()
    t0 = time.time()
    conn.request(method, path, body=body)
    status = conn.getresponse()
    status.read()
    conn.close()
    stamps = streams.summary(t0, t0 + float(timeout), origin=endpoints[int(sender)])
    arrived = streams.arrived
    ok = len(arrived) == len(endpoints)
    result = {"ok": ok, "agents": len(endpoints), "satisfied": len(arrived), status_key: status.status,
              "seconds": round(max(arrived.values()) - t0, 3) if ok else None}
    result.update(stamps)
    print(json.dumps(result))
    return 0 if ok else 1


# Idle network traffic, counted the same way for both systems: an nftables table of our own (so no
# other rule set is touched) whose output-hook chain counts every loopback packet to or from a
# gossip port of the cluster. The output hook sees each packet exactly once (a loopback packet also
# passes the input hook; that copy is not counted), so the total is the cluster's gossip traffic in
# both directions with each packet once; bytes are IP packet lengths (IP + UDP/TCP headers
# included). A TCP connection from an agent's ephemeral port to another agent's gossip port is
# counted in both directions (dport in range one way, sport the other). Divided by N it is what one
# agent sends per second (and, on average, receives).


def _nft(args, stdin=None):
    return subprocess.run(["nft"] + args, input=stdin, capture_output=True, text=True, check=True).stdout


def net_setup(table, lo, hi):
    ports = "%d-%d" % (int(lo), int(hi))
    rules = ["table inet %s {" % table]
    for proto in ("udp", "tcp"):
        rules.append("  counter gossip_%s { }" % proto)
    rules.append("  chain out {")
    rules.append("    type filter hook output priority 0; policy accept;")
    for proto in ("udp", "tcp"):
        rules.append('    oifname "lo" meta l4proto %s th dport %s counter name "gossip_%s"' % (proto, ports, proto))
        rules.append('    oifname "lo" meta l4proto %s th sport %s th dport != %s counter name "gossip_%s"'
                     % (proto, ports, ports, proto))
    rules += ["  }", "}"]
    _nft(["-f", "-"], "\n".join(rules) + "\n")


def net_read(table):
    result = {}
    for item in json.loads(_nft(["-j", "list", "counters", "table", "inet", table]))["nftables"]:
        counter = item.get("counter")
        if counter:
            result[counter["name"]] = (counter["packets"], counter["bytes"])
    return result


def cmd_net_drop(table):
    try:
        _nft(["delete", "table", "inet", table])
    except (OSError, subprocess.CalledProcessError):
        pass
    return 0


def cmd_idle(pids, seconds, *net):
    """RSS now, then CPU% (user+system) of each pid over `seconds` of wall clock; optionally traffic."""
    pids = [int(p) for p in pids.split(",") if p]
    net_result = {}
    if net:
        if len(net) != 5 or net[0] != "--net":
            raise SystemExit("idle PIDS SECONDS [--net TABLE LO HI NETSECONDS]")
        table, lo, hi, net_seconds = net[1], net[2], net[3], float(net[4])
        try:
            net_setup(table, lo, hi)
            net_t0 = time.time()
        except (OSError, subprocess.CalledProcessError) as e:  # no nft, or no CAP_NET_ADMIN
            net_result["net_error"] = str(getattr(e, "stderr", "") or e).strip()[:200]
            net = ()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(pid):
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the full line)

    def rss_kb(pid):
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def pss_kb(pid):
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    before = {p: cpu(p) for p in pids}
    t0 = time.time()
    time.sleep(float(seconds))
    elapsed = time.time() - t0
    after = {p: cpu(p) for p in pids}
    rss = [rss_kb(p) / 1024.0 for p in pids]
    pss = [pss_kb(p) / 1024.0 for p in pids]
    cpus = [100.0 * (after[p] - before[p]) / tick / elapsed for p in pids]
    if net:
        try:
            time.sleep(max(0.0, net_t0 + net_seconds - time.time()))
            counts = net_read(table)
            net_elapsed = time.time() - net_t0
        finally:
            cmd_net_drop(table)
        n = len(pids)
        udp, tcp = counts.get("gossip_udp", (0, 0)), counts.get("gossip_tcp", (0, 0))
        net_result.update({
            "net_seconds": round(net_elapsed, 1),
            "net_bps_per_agent": round((udp[1] + tcp[1]) / net_elapsed / n),
            "net_udp_bps_per_agent": round(udp[1] / net_elapsed / n),
            "net_tcp_bps_per_agent": round(tcp[1] / net_elapsed / n),
            "net_pps_per_agent": round((udp[0] + tcp[0]) / net_elapsed / n, 1),
            "net_udp_packet_bytes_mean": round(udp[1] / udp[0]) if udp[0] else None})
    print(json.dumps({**net_result, "ok": True, "rss_mb_median": round(statistics.median(rss), 1),
                      "rss_mb_max": round(max(rss), 1), "rss_mb_total": round(sum(rss), 1),
                      "pss_mb_median": round(statistics.median(pss), 1),
                      "cpu_pct_mean": round(statistics.mean(cpus), 2), "cpu_pct_total": round(sum(cpus), 2)}))
    return 0


def cmd_freeports(count):
    count = int(count)
    for base in range(31000, 60000 - count, count + 17):
        held = []
        try:
            for port in range(base, base + count):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    s = socket.socket(socket.AF_INET, kind)
                    held.append(s)
                    s.bind(("127.0.0.1", port))
            print(base)
            return 0
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    print("no free port range", file=sys.stderr)
    return 1


# ----------------------------------------------------------------------------------------------
# What the agents' own logs say: every suspicion and failure declaration of a member that was not
# killed or made to leave. The polls above only see a suspicion that is still standing when an agent
# answers; an agent's log has each one, however short.

LOG_PATTERNS = {
    # "member suspected: n7 (1a2b3c4d) missed its probes" / "member failed: n7 (1a2b3c4d) at ..."
    "peko": (re.compile(r"member suspected: (\S+) \("), re.compile(r"member failed: (\S+) \(")),
    # memberlist: "Suspect n7 has failed, no acks received" / "Marking n7 as failed, suspect timeout reached"
    "serf": (re.compile(r"memberlist: Suspect (\S+) has failed"), re.compile(r"memberlist: Marking (\S+) as failed")),
}


def cmd_logcheck(system, log_dir, spared, agents):
    suspect, failed = LOG_PATTERNS[system]
    spared = set(n for n in spared.split(",") if n)
    counts = {"suspicions": 0, "failures": 0}
    members = set()
    for i in range(1, int(agents) + 1):  # this cluster's agents only: a larger earlier one left more logs
        path = os.path.join(log_dir, "%s-n%d.log" % (system, i))
        if not os.path.exists(path):
            continue
        with open(path, errors="replace") as f:
            for line in f:
                for key, pattern in (("suspicions", suspect), ("failures", failed)):
                    m = pattern.search(line)
                    if m and m.group(1) not in spared:
                        counts[key] += 1
                        members.add(m.group(1))
    counts["members"] = len(members)
    print(json.dumps(counts))
    return 0


# ----------------------------------------------------------------------------------------------
# Report: raw lines are "N<TAB>rep<TAB>system<TAB>metric<TAB>value" (value "NA" when it failed).

METRICS = [
    ("start_s", "process start → ready, per agent (mean)", "s"),
    ("api_first_s", "ready → first API answer, per agent (mean)", "s"),
    ("join_s", "join: last agent ready → all list N alive", "s"),
    ("event_s", "user event on nN → on every agent's event stream (push)", "s"),
    ("event_origin_s", "… PekoNode: delivered by nN itself, by its own clock", "s"),
    ("event_agent_s", "… PekoNode: delivered by every agent, by the agents' own clocks", "s"),
    ("tags_s", "Serf tag change → seen by all (poll)", "s"),
    ("kv_s", "PekoNode kv put on nN → on every agent's metadata stream (push)", "s"),
    ("kv_origin_s", "… applied by nN itself, by its own clock", "s"),
    ("kv_agent_s", "… applied by every agent, by the agents' own clocks", "s"),
    ("fail_s", "kill -9 → all others mark it failed/DEAD", "s"),
    ("fail_agent_s", "… PekoNode: by the agents' own clocks", "s"),
    ("leave_s", "leave → all others show it left/LEFT", "s"),
    ("leave_agent_s", "… PekoNode: by the agents' own clocks", "s"),
    ("rss_mb", "idle RSS per agent (median)", "MB"),
    ("pss_mb", "idle PSS per agent (median; shared pages split)", "MB"),
    ("cpu_pct", "idle CPU per agent, mean over the idle window", "%"),
    ("net_bps", "idle gossip traffic per agent, UDP+TCP (cluster total ÷ N)", "bytes/s"),
    ("net_udp_bps", "… of which UDP", "bytes/s"),
    ("net_tcp_bps", "… of which TCP (push-pull sync)", "bytes/s"),
    ("net_pps", "idle gossip packets per agent (cluster total ÷ N)", "packets/s"),
    ("net_udp_packet", "idle mean UDP packet size, IP header included", "bytes"),
    ("anomalies", "other members seen not alive by the polls (false suspicion)", ""),
    ("log_suspicions", "suspicions of live members in the agents' logs (declarations, all agents)", ""),
    ("log_failures", "failure declarations of live members in the agents' logs", ""),
]


def cmd_report(path):
    data = {}
    for line in open(path):
        if not line.strip() or line.startswith("#"):
            continue
        n, rep, system, metric, value = line.rstrip("\n").split("\t")
        data.setdefault(int(n), {}).setdefault((system, metric), []).append(value)

    def cell(values):
        if not values:
            return "—"
        nums = [float(v) for v in values if v != "NA"]
        failed = len(values) - len(nums)
        if not nums:
            return "failed ×%d" % failed
        whole = all(x == int(x) for x in nums) or max(nums) >= 100
        fmt = (lambda x: "%.0f" % x) if whole else (lambda x: "%.2f" % x)
        text = fmt(statistics.median(nums))
        if len(nums) > 1:
            text += " [%s–%s]" % (fmt(min(nums)), fmt(max(nums)))
        if failed:
            text += " (+%d timed out)" % failed
        return text

    for n in sorted(data):
        reps = len(data[n].get(("serf", "start_s"), data[n].get(("peko", "start_s"), [])))
        print("\n### N = %d (median [min–max] of %d runs; spread rows: of all samples)\n" % (n, reps))
        print("| measurement | Serf 0.9.4 | PekoNode |")
        print("|---|---|---|")
        for metric, label, unit in METRICS:
            serf, peko = data[n].get(("serf", metric), []), data[n].get(("peko", metric), [])
            if not serf and not peko:
                continue
            print("| %s%s | %s | %s |" % (label, " (%s)" % unit if unit else "", cell(serf), cell(peko)))
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[1], argv[2:]
    if command == "wait":
        return cmd_wait(*args)
    if command == "serf-event":
        return cmd_serf_event(*args)
    if command == "peko-event":
        return cmd_peko_event(*args)
    if command == "peko-kv":
        return cmd_peko_kv(*args)
    if command == "net-drop":
        return cmd_net_drop(*args)
    if command == "idle":
        return cmd_idle(*args)
    if command == "freeports":
        return cmd_freeports(*args)
    if command == "logcheck":
        return cmd_logcheck(*args)
    if command == "report":
        return cmd_report(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
