#!/usr/bin/env python3
"""tools/soak.sh's table and verdict, from its results directory (samples.tsv, samples/prom-*.txt, the load
generators' JSON, floods.txt, restarts.txt, gateway.log). Exit status 1 when a criterion fails (see tools/soak.sh).

    soak-table.py OUT MINUTES STEADY CHURN_PENDING CLK_TCK
"""
import json
import os
import re
import statistics
import sys

out, minutes, steady, churn_pending, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

# counters that count a refusal, a drop, a failure or a lock-out (their name or their label says so)
REFUSAL = re.compile(r"refus|drop|lockout|timeout|malformed|fail|throttled|unknown|wrong|reject|given_up|unreachable|lost"
                     r"|unanswered|late|out_of_window|duplicate|full")
LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def prom(path):
    values = {}
    try:
        with open(path) as f:
            for line in f:
                m = LINE.match(line)
                if m and not line.startswith("#"):
                    try:
                        values[m.group(1) + (m.group(2) or "")] = float(m.group(3))
                    except ValueError:
                        pass
    except OSError:
        pass
    return values


def total(p, name, label=None):
    s = 0.0
    for k, v in p.items():
        base = k.split("{")[0]
        if base == name and (label is None or label in k):
            s += v
    return s


def load_json(name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


rows = []
with open(os.path.join(out, "samples.tsv")) as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        c = line.rstrip("\n").split("\t")
        rows.append(dict(minute=int(c[0]), epoch=int(c[1]), heap=int(c[2]), rss=int(c[3]), fds=int(c[4]),
                         threads=int(c[5]), gw=int(c[6]), lg=int(c[7]), sessions=int(c[8]), relayed=float(c[9]),
                         db=int(c[10]), lost=int(c[11]), setup_failed=int(c[12])))
proms = {r["minute"]: prom(os.path.join(out, "samples", "prom-%04d.txt" % r["minute"])) for r in rows}
p0 = proms[rows[0]["minute"]] if rows else {}


def refusals(p):
    return dict(
        auth=total(p, "pptp2wg_auth_failures_total"),
        lockouts=total(p, "pptp2wg_guessing_lockouts_total"),
        locked=total(p, "pptp2wg_guessing_refusals_total"),
        cap=total(p, "pptp2wg_pptp_control_total", 'event="connections_refused_per_source"')
        + total(p, "pptp2wg_pptp_control_total", 'event="connections_refused_half_open"'),
        stimeout=total(p, "pptp2wg_pptp_control_total", 'event="start_timeouts"'),
        relaydrop=total(p, "pptp2wg_relay_dropped_total"),
        evdrop=total(p, "pptp2wg_events_dropped_total"),
    )


step = 1 if minutes <= 120 else 5
lines = []
w = lines.append
w("pptp2wg soak: %d minutes, %d steady sessions; %s" % (minutes, steady, open(os.path.join(out, "machine.txt")).read().strip()))
w("")
w("%4s %8s %8s %5s %4s %6s %6s %5s %8s %6s %4s | %6s %5s %6s %6s %5s %6s %5s" % (
    "min", "heap MiB", "RSS MiB", "fds", "thr", "gwCPU%", "lgCPU%", "sess", "relay/s", "db MiB", "lost",
    "authF", "lock", "lockRf", "capRf", "stimo", "relDrp", "evDrp"))
prev = None
for r in rows:
    if prev is not None and r["minute"] % step != 0 and r is not rows[-1]:
        continue
    ref = refusals(proms[r["minute"]])
    if prev is None:
        gw = lg = relay = "-"
    else:
        dt = max(1, r["epoch"] - prev["epoch"])
        gw = "%.1f" % (100.0 * (r["gw"] - prev["gw"]) / hz / dt)
        lg = "%.1f" % (100.0 * (r["lg"] - prev["lg"]) / hz / dt)
        relay = "%.0f" % ((r["relayed"] - prev["relayed"]) / dt)
    w("%4d %8.1f %8.1f %5d %4d %6s %6s %5d %8s %6.1f %4d | %6.0f %5.0f %6.0f %6.0f %5.0f %6.0f %5.0f" % (
        r["minute"], r["heap"] / 1024, r["rss"] / 1024, r["fds"], r["threads"], gw, lg, r["sessions"], relay,
        r["db"] / 1024, r["lost"], ref["auth"], ref["lockouts"], ref["locked"], ref["cap"], ref["stimeout"],
        ref["relaydrop"], ref["evdrop"]))
    prev = r
w("(heap: used after jcmd GC.run, GC.heap_info; CPU: % of one core over the minute before; lgCPU: the three load"
  " generators; relay/s: IP packets the gateway relayed, both ways; lost: steady sessions ended by themselves so far;"
  " the refusal columns are totals since the start: auth failures, guessing lock-outs, logins refused while locked out,"
  " connections refused by the flood caps, stimeout closes, relay drops, journal events dropped)")
w("")

failures = []
# ---- sessions
st = load_json("steady")
if st is None:
    failures.append("the steady load generator wrote no JSON (see steady.err)")
    steady_up = lost = 0
    lost_reasons = {}
else:
    steady_up = st["setup"]["up"]
    lost_reasons = st["setup"]["lostAfterUp"] or {}
    lost = sum(lost_reasons.values())
    t = st.get("traffic") or {}
    w("steady: %d of %d sessions up (%d failed: %s); lost after up: %d %s" % (
        steady_up, steady, st["setup"]["failed"], st["setup"]["failures"] or "-", lost, lost_reasons or ""))
    w("        echoes sent %s, received %s, loss %.3f %% (the two backend restarts included), round trip p50 %s ms,"
      " p99 %s ms, max %s ms" % (t.get("sent"), t.get("received"), t.get("lossPercent", 0), t.get("rttP50Ms"),
                                 t.get("rttP99Ms"), t.get("rttMaxMs")))
    if steady_up < steady:
        failures.append("only %d of %d steady sessions came up" % (steady_up, steady))
    if lost > 0:
        failures.append("%d steady sessions lost: %s" % (lost, lost_reasons))
log_lost = rows[-1]["lost"] if rows else 0
if log_lost > 0 and (st is None or log_lost > sum((st["setup"]["lostAfterUp"] or {}).values())):
    failures.append("%d steady sessions ended before the run's end (session log)" % log_lost)
import glob
churn_runs = sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(out, "churn-*.json")))
churn_started = len(glob.glob(os.path.join(out, "churn-*.txt")))
for names, what in ((churn_runs, "churn (logins and logouts, %d runs, %d started)" % (len(churn_runs), churn_started)),
                    (sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(out, "wrong-*.json"))),
                     "wrong passwords")):
    attempts = up = failed = 0
    fails = {}
    for name in names:
        j = load_json(name)
        if j is None:
            continue
        attempts += j["sessions"]
        up += j["setup"]["up"]
        failed += j["setup"]["failed"]
        for k, v in (j["setup"]["failures"] or {}).items():
            fails[k] = fails.get(k, 0) + v
    if not names or attempts == 0:
        w("%s: no JSON" % what)
        continue
    fails = sorted(fails.items(), key=lambda kv: -kv[1])
    w("%s: %d attempts, %d up, %d failed%s" % (what, attempts, up, failed,
                                              (": " + "; ".join("%d x %s" % (v, k) for k, v in fails[:4])) if fails else ""))
if churn_started > len(churn_runs):
    w("  %d churn run(s) wrote no JSON: see churn-NNN.err" % (churn_started - len(churn_runs)))
try:
    for line in open(os.path.join(out, "floods.txt")):
        w(line.rstrip())
except OSError:
    w("floods: none ran")
try:
    w("backend restarts at minutes: " + ", ".join(l.split()[1] for l in open(os.path.join(out, "restarts.txt"))))
except OSError:
    w("backend restarts: none")

# ---- heap, descriptors, threads: first half of the minutes against the second (minute 0 is before the churn)
body = [r for r in rows if r["minute"] > 0]
half = minutes / 2
first = [r for r in body if r["minute"] <= half]
second = [r for r in body if r["minute"] > half]
if first and second and all(r["heap"] > 0 for r in body):
    h1 = statistics.mean(r["heap"] for r in first)
    h2 = statistics.mean(r["heap"] for r in second)
    change = 100.0 * (h2 - h1) / h1
    w("heap after GC: mean %.1f MiB in minutes 1-%d, %.1f MiB in minutes %d-%d: %+.1f %% (bound 5 %%); min %.1f, max %.1f MiB" % (
        h1 / 1024, int(half), h2 / 1024, int(half) + 1, rows[-1]["minute"], change,
        min(r["heap"] for r in body) / 1024, max(r["heap"] for r in body) / 1024))
    if abs(change) > 5:
        failures.append("heap after GC changed %+.1f %% between the halves" % change)
    for key, label, slack in (("fds", "descriptors", churn_pending), ("threads", "threads", 0)):
        m1 = max(r[key] for r in first)
        m2 = max(r[key] for r in second)
        w("%s: first half %d-%d (median %.0f), second half %d-%d (median %.0f); allowed: second-half max <= %d" % (
            label, min(r[key] for r in first), m1, statistics.median(r[key] for r in first),
            min(r[key] for r in second), m2, statistics.median(r[key] for r in second), m1 + slack))
        if m2 > m1 + slack:
            failures.append("%s grew: highest %d in the first half, %d in the second" % (label, m1, m2))
    r1 = statistics.mean(r["rss"] for r in first)
    r2 = statistics.mean(r["rss"] for r in second)
    w("RSS: mean %.1f MiB in the first half, %.1f MiB in the second (%+.1f %%; not a criterion: the JVM keeps what it"
      " took)" % (r1 / 1024, r2 / 1024, 100.0 * (r2 - r1) / r1))
else:
    failures.append("not enough samples (or a heap sample failed) to compare the halves")

# ---- the log
errors, warns = [], []
try:
    with open(os.path.join(out, "gateway.log"), errors="replace") as f:
        for line in f:
            if line.startswith("ERROR"):
                errors.append(line.rstrip())
            elif line.startswith("WARN"):
                warns.append(line.rstrip())
except OSError:
    failures.append("no gateway.log")
w("gateway log: %d ERROR lines, %d WARN lines" % (len(errors), len(warns)))
for e in errors[:5]:
    w("  " + e[:240])
kinds = {}
for l in warns:
    k = re.sub(r"^WARN\s+\[[^\]]*\]\s+", "", l)
    k = re.sub(r"[0-9]+", "N", k)[:120]
    kinds[k] = kinds.get(k, 0) + 1
for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:6]:
    w("  %6d x WARN %s" % (v, k))
if errors:
    failures.append("%d ERROR lines in the gateway log" % len(errors))

# ---- every refusal counter that moved
pend = prom(os.path.join(out, "samples", "prom-end.txt")) or (proms[rows[-1]["minute"]] if rows else {})
moved = [(k, p0.get(k, 0.0), v) for k, v in sorted(pend.items())
         if k.startswith("pptp2wg_") and REFUSAL.search(k) and v == v and v != p0.get(k, 0.0)]
w("refusal, drop and failure counters that moved (at minute 0 -> at the end):")
for k, a, b in moved:
    w("  %-100s %10.0f -> %10.0f" % (k, a, b))
if not moved:
    w("  none")
w("")
if failures:
    w("SOAK FAILED: " + "; ".join(failures))
else:
    w("SOAK PASSED: no session lost, heap after GC flat, no growth of descriptors or threads, no ERROR in the log")
print("\n".join(lines))
sys.exit(1 if failures else 0)
