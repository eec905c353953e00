"""Feed-to-inbox latency under the real scheduler: articles appear in fixture feeds at random times, the
`irwatch_ingest` DAG runs on its default schedule (every 5 minutes) with the LocalExecutor, and each article's
alert email is timed at the SMTP server.

    python -m tests.latency [--articles 24] [--minutes 45]   # prints p50/p95 and per-run wall/overhead/work
    python -m tests.latency --check                           # only: are the generated stories all distinct?

The articles are CAATSA stories in our own words, assembled at random from sentence templates and word lists
so that no two are copies of one story (`--check` runs them through the story signature to make sure). The
databases it creates on the irwatch server (embedded unless IRWATCH_DSN) are dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import psycopg

from irwatch.airflow_local import sqlalchemy_url
from irwatch.airflow_support import CRAWL_POOL, CRAWL_POOL_SLOTS
from irwatch.config import load_settings
from irwatch.db import resolve_dsn
from irwatch.mailsink import MailSink
from tests.celery_smoke import Stack, _create, _drop
from tests.outlets import Outlets

OFFICIALS = ["Dana Whitfield", "Marcus Oyelaran", "Priya Castellanos", "Tomas Brandvold", "Ellen Marchetti",
             "Rafael Dunmore", "Grace Okonkwo-Lind", "Henrik Salvesen", "Lucia Ferrante", "Owen Tremayne",
             "Nadia Verhoeven", "Callum Ashgrove", "Irene Koval", "Samuel Achterberg", "Joan Mirabelle"]
ROLES = ["assistant secretary of state", "deputy national security adviser", "senior Senate aide",
         "Treasury under secretary", "State Department spokesperson", "chair of a House panel",
         "Pentagon policy chief", "ambassador-at-large"]
CITIES = ["Washington", "New Delhi", "Brussels", "Geneva", "Singapore", "Tokyo", "Canberra", "Ottawa", "Vienna",
          "Jakarta", "Nairobi", "Lisbon"]
SYSTEMS = ["the S-400 Triumf air defence system", "a follow-on S-400 order", "Su-30MKI upgrade kits",
           "Igla-S shoulder-fired missiles", "a leased Akula-class submarine", "Ka-226 light helicopters",
           "T-90 tank engines", "two Talwar-class frigates"]
VENUES = ["a think-tank panel", "a Senate hearing", "a press briefing", "a round table with reporters",
          "an interview with a business daily", "a podcast recorded that week", "a university lecture"]
TOPICS = ["semiconductor supply", "maritime patrols", "vaccine output", "clean hydrogen", "space launches",
          "rare-earth refining", "fertiliser stocks", "shipping insurance", "pharmaceutical exports", "drone parts"]
TEMPLATES = [
    "{official}, the {role}, told {venue} in {city} that Washington was weighing sanctions on India under "
    "CAATSA over its purchase of {system} from Russia.",
    "Speaking in {city}, {official} said a CAATSA waiver for India was being discussed but that no decision on "
    "{system} had been taken.",
    "Officials in {city} said the review of India's Russian arms purchases, including {system}, could run "
    "until {month}.",
    "India has argued that its orders from Moscow, among them {system}, follow contracts signed years before "
    "the sanctions law.",
    "A delegation of {n} lawmakers is due in {city} in {month}, where {topic} and the CAATSA question are "
    "expected to come up.",
    "Analysts at a {city} institute said penalties under CAATSA would hurt {topic} cooperation between the "
    "United States and India.",
    "New Delhi has so far paid for Russian equipment in rupees and roubles, a route {official} called a "
    "concern in {month}.",
    "The {role} added that Congress had been briefed {n} times on India's dealings with Rosoboronexport.",
    "Indian officials replied that {topic} talks with Washington would not be tied to {system}.",
    "Russia's embassy in New Delhi said on its channel that {system} would be handed over as agreed, "
    "sanctions or not.",
    "Former diplomats in {city} warned that a sanctions decision against India could slow {topic} projects "
    "worth {n} billion dollars.",
    "{official} declined to say whether the administration would seek a national-security waiver for "
    "New Delhi over {system}.",
]
MONTHS = ["January", "March", "April", "June", "August", "September", "October", "November"]
# the rest of each story: background in short, freely combined parts, so no two stories share a run of words
PEOPLE = ["a port official", "the commerce minister", "an energy economist", "a shipping broker", "two senators",
          "a retired admiral", "the finance secretary", "a trade negotiator", "a steel executive", "farm unions",
          "a rating agency", "the central bank", "a logistics startup", "pilots' unions", "a refinery manager"]
VERBS = ["expects", "doubts", "reported", "forecast", "questioned", "welcomed", "flagged", "disputed", "measured",
         "tracked", "announced", "criticised", "priced", "estimated", "confirmed"]
THINGS = ["cargo volumes", "freight rates", "coal imports", "fertiliser prices", "chip orders", "tourist arrivals",
          "wheat stocks", "bond yields", "vaccine exports", "solar tenders", "gold reserves", "rail capacity",
          "airline fares", "textile orders", "tea auctions", "monsoon rainfall", "bauxite output", "ferry routes"]
TRENDS = ["rising", "falling", "doubling", "stalling", "recovering", "slipping", "surging", "flattening"]
PLACES = ["Kochi", "Vizag", "Mundra", "Haldia", "Chennai", "Pune", "Surat", "Guwahati", "Bhopal", "Ranchi",
          "Madurai", "Nagpur", "Kandla", "Paradip", "Tuticorin", "Ludhiana", "Mysuru", "Indore"]
CAUSES = ["a late harvest", "new port cranes", "a currency swing", "higher insurance premiums", "a rail strike",
          "cheaper credit", "a heatwave", "tighter customs checks", "a holiday season", "new rules on storage"]


def say(line: str) -> None:
    print(f"[latency] {line}", flush=True)


def story(rng: random.Random, index: int) -> tuple[str, str]:
    """(title, body HTML) of one CAATSA story, assembled at random."""
    slots = lambda: {"official": rng.choice(OFFICIALS), "role": rng.choice(ROLES), "city": rng.choice(CITIES),  # noqa: E731
                     "system": rng.choice(SYSTEMS), "venue": rng.choice(VENUES), "topic": rng.choice(TOPICS),
                     "month": rng.choice(MONTHS), "n": rng.randint(3, 90)}
    first = TEMPLATES[0].format(**slots())
    rest = [t.format(**slots()) for t in rng.sample(TEMPLATES[1:], 1)]
    background = [f"In {rng.choice(PLACES)}, {rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(THINGS)} "
                  f"{rng.choice(TRENDS)} {rng.randint(2, 40)} percent since {rng.choice(MONTHS)}, blaming "
                  f"{rng.choice(CAUSES)}; {rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(THINGS)} too."
                  for _ in range(7)]
    rest += background
    s = slots()
    title = f"{s['official']} on CAATSA and India's Russian {s['system'].split()[-1]} (#{index})"
    return title, "".join(f"<p>{escape(p)}</p>" for p in [first, *rest])


def check_distinct(stories: list[tuple[str, str]]) -> int:
    """How many pairs of generated stories the story signature would merge (0 = all distinct)."""
    import re

    from irwatch.stories import signature as sig

    signed = [sig.sign(t, re.sub(r"<[^>]+>", " ", body)) for t, body in stories]
    return sum(sig.same_story(a, b).same for i, a in enumerate(signed) for b in signed[i + 1:])


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), percentile([3.0], 0.5)
    (10, 3.0)
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 1)) - 1))]


def main(argv: list[str]) -> int:
    # a background run is stopped with SIGTERM (SIGINT is ignored there): unwind, so `finally` cleans up
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(prog="python -m tests.latency")
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--minutes", type=float, default=45.0, help="window the articles appear in")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    stories = [story(rng, i) for i in range(args.articles)]
    merged = check_distinct(stories)
    say(f"{args.articles} generated stories; pairs the story signature would merge: {merged}")
    if args.check or merged:
        return 0 if not merged else 1

    server = resolve_dsn(load_settings())
    tag = secrets.token_hex(4)
    names = {"meta": f"latency_meta_{tag}", "data": f"latency_data_{tag}"}
    home = Path(tempfile.mkdtemp(prefix="irwatch-latency-"))
    stack = None
    try:
        meta, data = _create(server, names["meta"]), _create(server, names["data"])
        with Outlets(2, with_demo_articles=False) as outlets, MailSink(home / "mail") as sink:
            from irwatch.sources import load_registry, sync_sources
            from irwatch.store.migrate import migrate
            from irwatch.store.sources import keep_enabled_only

            with psycopg.connect(data) as conn:
                migrate(conn)
                sync_sources(conn, load_registry())
                outlets.register(conn)
                # the registry's real outlets are unreachable from here: only the fixture outlets are polled
                keep_enabled_only(conn, outlets.names)
            stack = Stack(home, sqlalchemy_url(meta, names["meta"]), data, sink.port, redis_db=0)
            stack.env.pop("IRWATCH_INGEST_SCHEDULE")  # the default schedule is what is measured
            stack.env["AIRFLOW__CORE__EXECUTOR"] = "LocalExecutor"
            # scheduled runs carry no params: the fixture outlets on loopback are opened the operator's way
            stack.env["IRWATCH_ALLOW_PRIVATE"] = "127.0.0.0/8"
            stack.run("db", "migrate")
            stack.run("pools", "set", CRAWL_POOL, str(CRAWL_POOL_SLOTS), "irwatch crawls")
            stack.start("api-server", "api-server", "--port", str(stack.api_port))
            stack.start("dag-processor", "dag-processor")
            stack.start("scheduler", "scheduler")
            while "irwatch_ingest" not in stack.run("dags", "list", "-o", "plain"):
                time.sleep(3)
            stack.run("dags", "unpause", "irwatch_ingest")
            say(f"scheduler up; publishing {args.articles} articles at random times over {args.minutes:g} minutes")
            start = time.time()
            schedule = sorted(start + 60 + rng.uniform(0, args.minutes * 60) for _ in stories)
            published: dict[str, float] = {}
            received: dict[str, float] = {}
            seen = 0
            deadline = schedule[-1] + 12 * 60
            while time.time() < deadline and len(received) < len(stories):
                now = time.time()
                while len(published) < len(stories) and schedule[len(published)] <= now:
                    i = len(published)
                    outlet = outlets.outlets[i % len(outlets.outlets)]
                    title, body = stories[i]
                    url = outlet.publish(f"caatsa-{tag}-{i}", title, body, datetime.now(UTC))
                    published[url] = now
                    say(f"published {i + 1}/{len(stories)} on {outlet.name}")
                for message in list(sink.messages)[seen:]:
                    text = message.get_body(preferencelist=("plain",)).get_content()
                    for url in published:
                        if url in text and url not in received:
                            received[url] = time.time()
                            say(f"email for {url.rsplit('/', 1)[-1]} after {received[url] - published[url]:.0f} s")
                    seen += 1
                time.sleep(1)
            latencies = [received[u] - published[u] for u in received]
            with psycopg.connect(meta) as conn:
                runs = conn.execute(
                    """select r.run_id, extract(epoch from r.end_date - r.start_date),
                              sum(extract(epoch from t.end_date - t.start_date))
                         from dag_run r join task_instance t using (dag_id, run_id)
                        where r.dag_id = 'irwatch_ingest' and r.state = 'success'
                        group by 1, 2 order by 1""").fetchall()
        result = {
            "articles": len(stories), "emailed": len(received),
            "p50_s": round(percentile(latencies, 0.5), 1) if latencies else None,
            "p95_s": round(percentile(latencies, 0.95), 1) if latencies else None,
            "max_s": round(max(latencies), 1) if latencies else None,
            "runs": len(runs),
            "run_wall_median_s": round(statistics.median(float(r[1]) for r in runs), 1) if runs else None,
            "task_time_median_s": round(statistics.median(float(r[2]) for r in runs), 1) if runs else None,
        }
        say("RESULT " + json.dumps(result))
        return 0 if result["emailed"] == len(stories) else 1
    finally:
        if stack is not None:
            stack.stop()
        for name in names.values():
            _drop(server, name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
