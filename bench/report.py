"""The results as flat records (one object per measure and size) and as Markdown."""

# The targets (issue 8), checked against each run.
LATENCY_TARGET_P95_MS = {
    "triage_queue": 50,
    "case_list": 50,
    "case_list_deep": 50,
    "case_detail": 50,
    "dashboard_year": 300,
    "case_search": 100,
}
FLOOR_TARGET = {"triage_queue", "case_list", "case_list_deep", "case_detail", "dashboard_year"}
PEER_PAIRS = {"public_report_submit": "public_ticket_submit", "triage_queue": "staff_ticket_list"}
MEASURES = [
    "public_report_submit",
    "triage_queue",
    "case_list",
    "case_list_deep",
    "case_detail",
    "dashboard_year",
    "case_search",
]


def _peer_list(peer: dict) -> dict | None:
    """The peer's staff list as a person waits for it: the page, then its rows (JSON)."""
    page = peer.get("measures", {}).get("staff_ticket_list_page")
    data = peer.get("measures", {}).get("staff_ticket_list_data")
    if not page or not data:
        return None
    if not page["req_per_s"] or not data["req_per_s"]:
        # No request completed within the measured time.
        return {"req_per_s": 0.0, "p95_ms": None, "none_completed": True}
    return {
        "req_per_s": 1 / (1 / page["req_per_s"] + 1 / data["req_per_s"]),
        "p95_ms": page["p95_ms"] + data["p95_ms"],
    }


def peer_measure(size_result: dict, name: str) -> dict | None:
    peer = size_result.get("peer") or {}
    if name == "staff_ticket_list":
        return _peer_list(peer)
    return peer.get("measures", {}).get(name)


def paired_submit(size_result: dict) -> dict | None:
    """Sigap's submit and the peer's measured in turns (bench/run.py, `paired_submit`):
    the medians of the rounds, from which the ratio to the peer is taken."""
    paired = size_result.get("paired_submit") or {}
    if not paired.get("rounds") or not paired["peer_req_per_s"]:
        return None
    if any(r.get("sigap_errors") or r.get("peer_errors") for r in paired["rounds"]):
        return None  # a refused request is not a served one: the two measures are used
    return paired


def _peer_ratio(size_result: dict, name: str, entry: dict) -> tuple[float, float, bool] | None:
    """(Sigap's req/s, the peer's req/s, whether in turns) for the ratio to the peer: for
    the submit, the medians of the turns when they were measured; otherwise the two measures."""
    paired = paired_submit(size_result) if name == "public_report_submit" else None
    if paired:
        return paired["sigap_req_per_s"], paired["peer_req_per_s"], True
    peer_name = PEER_PAIRS.get(name)
    peer = peer_measure(size_result, peer_name) if peer_name else None
    return (entry["req_per_s"], peer["req_per_s"], False) if peer else None


def flat_records(results: dict) -> list[dict]:
    records = []
    for size_result in results["sizes"]:
        size = size_result["size"]
        measures = size_result["measures"]
        ceiling = measures.get("ceiling", {}).get("req_per_s")
        for name in [*MEASURES, "simfoni_export"]:
            entry = measures.get(name)
            if entry is None:
                continue
            record = {"name": name, "size": size, "queries": entry.get("queries")}
            if name == "simfoni_export":
                record.update(
                    seconds=round(entry["seconds"], 2),
                    peak_mb=round(entry["peak_mb"], 1),
                    growth_mb=round(entry["growth_mb"], 1),
                    cases=entry.get("cases"),
                    rows=entry.get("rows"),
                )
                records.append(record)
                continue
            floor = entry.get("floor") or {}
            record.update(
                req_per_s=round(entry["req_per_s"], 1),
                p50_ms=round(entry["p50_ms"], 1),
                p95_ms=round(entry["p95_ms"], 1),
                p99_ms=round(entry["p99_ms"], 1),
                errors=entry.get("errors"),
                ceiling_req_per_s=round(ceiling, 1) if ceiling else None,
                floor_ms=round(floor["p95_ms"], 1) if floor.get("p95_ms") else None,
                floor_p50_ms=round(floor["p50_ms"], 1) if floor.get("p50_ms") else None,
                floor_req_per_s=round(floor["req_per_s"], 1) if floor.get("req_per_s") else None,
                single_p50_ms=round(entry["single_p50_ms"], 1) if entry.get("single_p50_ms") else None,
            )
            if entry.get("cold_ms"):
                record["cold_ms"] = [round(ms, 1) for ms in entry["cold_ms"]]
            if entry.get("stale_ms"):
                record["stale_ms"] = [round(ms, 1) for ms in entry["stale_ms"]]
            peer_name = PEER_PAIRS.get(name)
            peer = peer_measure(size_result, peer_name) if peer_name else None
            if peer:
                record.update(
                    peer_name=f"django-helpdesk {peer_name}",
                    peer_req_per_s=round(peer["req_per_s"], 1),
                    peer_p95_ms=round(peer["p95_ms"], 1) if peer["p95_ms"] else None,
                )
            paired = paired_submit(size_result) if name == "public_report_submit" else None
            if paired:
                record.update(
                    paired_req_per_s=paired["sigap_req_per_s"],
                    paired_peer_req_per_s=paired["peer_req_per_s"],
                    paired_rounds=paired["rounds"],
                )
            records.append(record)
    return records


def _ratio(a, b) -> str:
    if a and b == 0:
        return "∞"
    if not a or not b:
        return "–"
    return f"{a / b:.2f}"


def _ms(value) -> str:
    return f"{value:.1f}" if value else "–"


def _verdicts(size_result: dict, name: str, entry: dict, ceiling: float | None) -> list[str]:
    """Each target against this measure. Where the share of the ceiling or a p95 target
    is missed, what the floor (the page's SQL replayed alone, at the same load) made of
    it is said beside it: the replayed SQL alone missed it too, or not."""
    size = size_result["size"]
    floor = entry.get("floor") or {}
    out = []
    if name == "public_report_submit":
        ok = ceiling and entry["req_per_s"] >= 0.5 * ceiling
        verdict = "met" if ok else "MISSED"
        if not ok and ceiling and floor.get("req_per_s"):
            verdict += f" (the SQL alone: {floor['req_per_s'] / ceiling * 100:.0f} %)"
        out.append(f"≥50 % of ceiling: {verdict}")
        out.append(f"p99 < 100 ms: {'met' if entry['p99_ms'] < 100 else 'MISSED'}")
    if name in LATENCY_TARGET_P95_MS and size >= 1_000_000:
        limit = LATENCY_TARGET_P95_MS[name]
        verdict = "met" if entry["p95_ms"] < limit else "MISSED"
        if verdict == "MISSED" and floor.get("p95_ms"):
            verdict += f" (the SQL alone: {floor['p95_ms']:.0f} ms)"
        out.append(f"p95 < {limit} ms: {verdict}")
    if name in FLOOR_TARGET and size >= 1_000_000 and floor.get("p95_ms"):
        ratio = entry["p95_ms"] / floor["p95_ms"]
        out.append(f"≤1.5× floor: {'met' if ratio <= 1.5 else 'MISSED'}")
    pair = _peer_ratio(size_result, name, entry)
    if pair:
        sigap, peer, in_turns = pair
        out.append(f"≥2× peer{' (in turns)' if in_turns else ''}: {'met' if sigap >= 2 * peer else 'MISSED'}")
    if not entry["requests"]:
        out.append("no request completed")
    return out


def markdown(results: dict) -> str:
    m = results["machine"]
    s = results["settings"]
    v = results.get("versions", {})
    lines = [
        f"# Sigap benchmark, {results['started']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_mb'] / 1024:.0f} GB, Linux {m['kernel']}, "
        f"Python {m['python']}.",
        f"Software: Django {v.get('django')}, gunicorn {v.get('gunicorn')} ({s['gunicorn_workers']} "
        f"{s['gunicorn_worker_class']} workers, CONN_MAX_AGE {s['database_conn_max_age']}), "
        f"{(v.get('postgresql') or '').split(' on ')[0]}, {v.get('wrk')}.",
        f"Load: wrk, {s['connections']} connections, {s['wrk_threads']} threads, {s['warmup_s']:g} s warm-up then "
        f"{s['duration_s']:g} s measured; everything (wrk, gunicorn, PostgreSQL) on this one machine, 127.0.0.1.",
        "",
        "Ceiling: a bare Django view on the same server and settings (anonymous). Floor: the page's own SQL "
        "(captured in process), replayed with psycopg from as many threads for as long, writes rolled back. "
        "Ratios: req/s ÷ ceiling req/s; p95 ÷ floor p95. Single: p50 at one connection (service time, no queueing).",
        "",
    ]
    for size_result in results["sizes"]:
        size = size_result["size"]
        measures = size_result["measures"]
        ceiling_entry = measures.get("ceiling") or {}
        ceiling = ceiling_entry.get("req_per_s")
        lines += [f"## {size:,} reports", ""]
        generation = size_result.get("generation")
        if generation:
            rows = sum(generation["rows"].values())
            lines.append(
                f"Data: {generation['reports']:,} reports added in {generation['seconds']:.0f} s "
                f"(+ VACUUM ANALYZE {generation['analyse_seconds']:.0f} s): {rows:,} rows, "
                f"{generation['encrypted_values']:,} values encrypted."
                + (f" Skipped: {'; '.join(generation['skipped'])}." if generation["skipped"] else "")
            )
        loads = [e["loadavg_before"] for e in measures.values() if isinstance(e.get("loadavg_before"), float)]
        if loads:
            lines.append(
                f"Machine load (1-minute load average before each measure, 2 cores): {min(loads):.1f} to "
                f"{max(loads):.1f}."
            )
        if ceiling:
            session = measures.get("ceiling_session") or {}
            lines.append(
                f"Ceiling: {ceiling:,.0f} req/s, p95 {ceiling_entry['p95_ms']:.1f} ms; with a staff session "
                f"cookie (its session read and saved): {session.get('req_per_s', 0):,.0f} req/s, "
                f"p95 {session.get('p95_ms', 0):.1f} ms."
            )
        if size_result.get("dashboard_year") == "not present":
            lines.append("dashboard_year: not measured, `/staf/laporan-statistik/` does not exist yet.")
        lines += [
            "",
            "| measure | queries | req/s | p50 ms | p95 ms | p99 ms | single p50 | ÷ ceiling | floor p95 ms | "
            "p95 ÷ floor | peer req/s | ÷ peer | targets |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name in MEASURES:
            entry = measures.get(name)
            if entry is None:
                continue
            floor = entry.get("floor") or {}
            errors = f" ({entry['errors']} errors)" if entry.get("errors") else ""
            if not entry["requests"]:
                errors += f" (no request completed in {results['settings']['duration_s']:g} s)"
            pair = _peer_ratio(size_result, name, entry)
            peer_cells = "– | – | "
            if pair:
                sigap, peer, in_turns = pair
                turns = "*" if in_turns else ""
                peer_cells = f"{peer:,.1f}{turns} | {_ratio(sigap, peer)}{turns} | "
            lines.append(
                f"| {name}{errors} | {entry['queries']} | {entry['req_per_s']:,.1f} | {_ms(entry['p50_ms'])} | "
                f"{_ms(entry['p95_ms'])} | {_ms(entry['p99_ms'])} | {_ms(entry.get('single_p50_ms'))} | "
                f"{_ratio(entry['req_per_s'], ceiling)} | {_ms(floor.get('p95_ms'))} | "
                f"{_ratio(entry['p95_ms'], floor.get('p95_ms'))} | {peer_cells}"
            )
            lines[-1] += "; ".join(_verdicts(size_result, name, entry, ceiling)) + " |"
        paired = paired_submit(size_result)
        if paired:
            rounds = ", ".join(f"{r['sigap']:,.0f}/{r['peer']:,.0f}" for r in paired["rounds"])
            lines += [
                "",
                f"\\* Submit against the peer, in turns (both servers up; {len(paired['rounds'])} rounds of "
                f"{paired['seconds_each']} s each, Sigap then the peer, the peer then Sigap, Sigap then the peer, "
                f"each after a warm-up): Sigap/peer req/s {rounds}; medians {paired['sigap_req_per_s']:,.1f} and "
                f"{paired['peer_req_per_s']:,.1f} req/s, "
                f"{_ratio(paired['sigap_req_per_s'], paired['peer_req_per_s'])}×. The ratio in the table is these "
                f"medians'; the peer's own measure of {results['settings']['duration_s']:g} s is listed below.",
            ]
        elif (size_result.get("paired_submit") or {}).get("error"):
            lines += [
                "",
                f"Submit against the peer in turns: not measured: {size_result['paired_submit']['error'][:300]}",
            ]
        elif (size_result.get("paired_submit") or {}).get("rounds"):
            lines += [
                "",
                "Submit against the peer in turns: not used, a turn had errors or the peer served nothing "
                f"({size_result['paired_submit']['rounds']}); the ratio is the two measures'.",
            ]
        cold = (measures.get("dashboard_year") or {}).get("cold_ms")
        if cold:
            verdict = "met" if max(cold) < 300 else "MISSED"
            lines += [
                "",
                "dashboard_year computed (its cache emptied before each of "
                f"{len(cold)} requests, one at a time): {', '.join(f'{ms:,.0f}' for ms in cold)} ms. "
                f"Target < 300 ms without the cache: {verdict}.",
            ]
        stale = (measures.get("dashboard_year") or {}).get("stale_ms")
        if stale:
            lines += [
                "",
                "dashboard_year past its minute (its entry shown with the time of its figures while a refresh "
                f"is queued; {len(stale)} requests, one at a time): {', '.join(f'{ms:,.0f}' for ms in stale)} ms.",
            ]
        export = measures.get("simfoni_export")
        if export:
            verdict = "met" if export["seconds"] < 10 else "MISSED"
            lines += [
                "",
                f"simfoni_export: {export['cases']:,} cases, {export['rows']:,} rows, {export['bytes'] / 1e6:.1f} MB "
                f"in {export['seconds']:.1f} s (first byte {export['first_byte_s'] or 0:.2f} s); the worker's "
                f"RSS peaked at {export['peak_mb']:.0f} MB, {export['growth_mb']:+.0f} MB over its "
                f"{export['baseline_mb']:.0f} MB before ({export['queries']} queries for one day's export). "
                f"Target < 10 s: {verdict}.",
            ]
        notes = [f"{name}: {entry['note']}" for name, entry in measures.items() if entry.get("note")]
        if notes:
            lines += ["", "Requests: " + "; ".join(notes) + "."]
        activity = {
            name: entry["pg_activity"]
            for name, entry in measures.items()
            if entry.get("pg_activity", {}).get("samples")
        }
        if activity:
            lines += [
                "",
                "Access-log lock during the runs (pg_stat_activity sampled every 10 ms: mean active backends / "
                "mean backends waiting on the advisory lock): "
                + "; ".join(
                    f"{name} {a['mean_active_backends']:.2f}/{a['mean_backends_waiting_on_audit_lock']:.2f}"
                    for name, a in activity.items()
                )
                + ".",
            ]
        lock = size_result.get("audit_lock")
        if lock:
            w, wo = lock["with_lock"], lock["without_lock"]
            lines += [
                "",
                f"Access-log appends, {lock['threads']} concurrent writers (each in a rolled-back transaction): "
                f"with the advisory lock {w['appends_per_s']:,.0f}/s (p50 {w['p50_ms']:.1f}, p95 {w['p95_ms']:.1f}, "
                f"p99 {w['p99_ms']:.1f} ms); without it {wo['appends_per_s']:,.0f}/s (p50 {wo['p50_ms']:.1f}, "
                f"p95 {wo['p95_ms']:.1f}, p99 {wo['p99_ms']:.1f} ms).",
            ]
        peer = size_result.get("peer")
        if peer and peer.get("measures"):
            lines += ["", f"Peer: {peer['name']} {peer['version']}, {size:,} tickets in the same cluster."]
            for name, entry in peer["measures"].items():
                timing = (
                    f"p50 {entry['p50_ms']:.1f}, p95 {entry['p95_ms']:.1f}, p99 {entry['p99_ms']:.1f} ms"
                    if entry["requests"]
                    else f"no request completed in {results['settings']['duration_s']:g} s"
                )
                lines.append(
                    f"- {name}: {entry['req_per_s']:,.1f} req/s, {timing} ({entry.get('errors', 0)} errors) "
                    f"— {entry.get('note', '')}"
                )
        elif peer and peer.get("error"):
            lines += ["", f"Peer: not measured: {peer['error'][:500]}"]
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # python -m bench.report bench/results/<timestamp>.json: write its .md (and records) again.
    import json
    import sys
    from pathlib import Path

    path = Path(sys.argv[1])
    data = json.loads(path.read_text())
    data["records"] = flat_records(data)
    path.write_text(json.dumps(data, indent=1, default=str))
    path.with_suffix(".md").write_text(markdown(data))
