"""Stream N synthetic news articles through the streaming story clusterer and time it.

    python benchmarks/stream_1m.py [--n 1000000] [--seed 7] [--score]

Articles are generated on the fly (nothing is stored) from a few event templates and
vocabularies made of syllables: each event (a quake in a town, a trial of a person, a
merger of two companies, ...) gets a handful of articles from different outlets over
a few days, written from different template sentences, with the event's own names and
numbers, in publication order. Events of one kind share most of their words, so the
clusterer must tell twin events apart by names, numbers and dates.

Vectors are the cheap hashed bag of words of ``parallax.stories.features.hashed_vector``
(``use_embeddings=False``): MiniLM runs at about 12 articles/s per core, i.e. a day per
million articles on this 2-core machine, so it is out of reach here; the index, the
scoring and the bookkeeping are the same code either way.

Prints one JSON line: articles/s (assignment only and end to end), p50/p95/p99
per-article assignment latency in ms (wall clock, and CPU time of the thread, which is
what a busy shared machine does not inflate), peak RSS in MB, stories found, and with
``--score`` the BCubed F1 from ``../shared/eval/stories.py`` against the generated events.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from parallax.model import Article
from parallax.stories import StreamingClusterer

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2025, 1, 1)

ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
CODAS = ["n", "r", "s", "l", "m", "k", "t", "nd", "rd", "ck", "sh", "ton", "ville", "burg", "more"]
OUTLETS = [f"{w}.example" for w in ["herald", "courier", "tribune", "post", "times", "gazette", "daily", "wire", "ledger", "star", "chronicle", "observer", "monitor", "journal", "express", "record", "sentinel", "bulletin", "dispatch", "press"]]

KINDS = {
    "quake": (["{p} hit by magnitude {n1}.{n2} earthquake",
               "Quake of magnitude {n1}.{n2} shakes {p}", "{k} dead after earthquake near {p}"],
              ["A magnitude {n1}.{n2} earthquake struck near {p} on {d}, killing {k} people.",
               "Rescuers in {p} searched collapsed buildings after the quake, {q} said.",
               "The tremor damaged {m} homes around {p}, according to {o}.",
               "{q} said {k} people were confirmed dead and {m} houses were destroyed.",
               "Aftershocks continued to rattle {p} through the night."]),
    "trial": (["{q} goes on trial in {p}", "Court in {p} hears case against {q}",
               "{q} denies charges at {p} trial"],
              ["{q} went on trial in {p} on {d}, accused of taking {k} million in bribes.",
               "Prosecutors told the court in {p} that {q} had hidden the money through {o}.",
               "{q} denied all charges, the lawyer said outside the courthouse.",
               "The judge said the trial of {q} would last about {m} days.",
               "If convicted, {q} faces up to {n1} years in prison."]),
    "merger": (["{o} agrees to buy {o2} for {k} billion", "{o} and {o2} announce merger",
                "{o2} accepts {k} billion offer from {o}"],
               ["{o} said on {d} it would buy {o2} for {k} billion, creating a giant in {p}.",
                "The deal between {o} and {o2} still needs approval from regulators.",
                "{q}, chief executive of {o}, said the merger would save {m} million a year.",
                "Shares of {o2} rose {n1} percent after the announcement.",
                "{o} expects to close the purchase of {o2} within {n2} months."]),
    "storm": (["Storm {q} batters {p}", "{k} dead as storm hits {p}", "Storm {q} cuts power in {p}"],
              ["Storm {q} hit {p} on {d} with winds of {m} kilometres an hour.",
               "At least {k} people died as storm {q} flooded streets in {p}.",
               "{o} said {m} thousand homes in {p} were without power.",
               "Schools across {p} stayed closed as storm {q} moved inland.",
               "Forecasters expect storm {q} to weaken within {n1} days."]),
    "election": (["{q} wins mayoral race in {p}", "{p} elects {q} as mayor", "{q} claims victory in {p}"],
                 ["{q} won the mayoral election in {p} on {d} with {k} percent of the vote.",
                  "Turnout in {p} reached {m} percent, the election board said.",
                  "{q}, backed by {o}, promised to fix the roads of {p}.",
                  "The defeated candidate conceded late in the evening.",
                  "{q} will take office in {p} in {n1} weeks."]),
}
FILLER = ["Officials promised more details later in the week.", "The news agency contributed to this report.",
          "Local media showed images of the scene.", "Reactions poured in on social media.",
          "The situation remained tense on the ground.", "Further updates are expected."]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


class Newsroom:
    """Deterministic generator of events and their articles, in publication order."""

    def __init__(self, seed: int, per_day: float, places: int = 3000, people: int = 20000,
                 companies: int = 2000) -> None:
        self.rng = random.Random(seed)
        self.places = [_word(self.rng, 2) for _ in range(places)]
        self.people = [f"{_word(self.rng, 1)} {_word(self.rng, 2)}" for _ in range(people)]
        self.companies = [f"{_word(self.rng, 2)} {self.rng.choice(['Group', 'Holdings', 'Bank', 'Motors'])}"
                          for _ in range(companies)]
        self.per_day = per_day

    def _event(self, event_id: int) -> dict[str, str]:
        r = self.rng
        return {"kind": r.choice(list(KINDS)), "id": f"e{event_id}", "p": r.choice(self.places),
                "q": r.choice(self.people), "o": r.choice(self.companies), "o2": r.choice(self.companies),
                "k": str(r.randint(2, 950)), "m": str(r.randint(10, 9000)), "n1": str(r.randint(2, 9)),
                "n2": str(r.randint(1, 9))}

    def _article(self, event: dict[str, str], when: datetime, serial: int) -> tuple[Article, str]:
        r = self.rng
        titles, sentences = KINDS[event["kind"]]
        slots = {**event, "d": when.strftime("%A")}
        chosen = r.sample(sentences, k=r.randint(3, len(sentences)))
        body = [s.format(**slots) for s in chosen] + r.sample(FILLER, k=2)
        r.shuffle(body)
        article = Article(id=f"a{serial}", source=f"synthetic#{serial}", outlet=r.choice(OUTLETS),
                          title=r.choice(titles).format(**slots), published=when.isoformat(timespec="seconds"),
                          body="\n\n".join([" ".join(body[:3]), " ".join(body[3:])]))
        return article, event["id"]

    def articles(self, n: int) -> Iterator[tuple[Article, str]]:
        """Yield ``n`` (article, event id) pairs in publication order."""
        pending: list[tuple[datetime, int, dict[str, str]]] = []
        clock, serial, event_id = START, 0, 0
        while serial < n:
            clock += timedelta(days=self.rng.expovariate(self.per_day / 4.6))
            event = self._event(event_id)
            event_id += 1
            for _ in range(min(1 + int(self.rng.expovariate(1 / 3.6)), 25)):
                delay = timedelta(hours=self.rng.expovariate(1 / 20))
                heapq.heappush(pending, (clock + delay, event_id * 100 + len(pending), event))
            while pending and pending[0][0] <= clock and serial < n:
                when, _, ev = heapq.heappop(pending)
                yield self._article(ev, when, serial)
                serial += 1


def _score(gold: list[str], labels: dict[str, str], folder: Path) -> dict[str, float]:
    gold_path, pred_path = folder / "gold.jsonl", folder / "pred.jsonl"
    with gold_path.open("w") as g, pred_path.open("w") as p:
        for i, event in enumerate(gold):
            g.write(json.dumps({"id": f"a{i}", "story": event}) + "\n")
            p.write(json.dumps({"id": f"a{i}", "story": labels[f"a{i}"]}) + "\n")
    scorer = ROOT.parent / "shared" / "eval" / "stories.py"
    done = subprocess.run([sys.executable, str(scorer), "--gold", str(gold_path), "--pred", str(pred_path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="Articles to stream.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=float, default=3000.0, help="Articles published per day.")
    parser.add_argument("--score", action="store_true", help="Score against the generated events.")
    parser.add_argument("--places", type=int, default=3000, help="Place names in the vocabulary.")
    parser.add_argument("--people", type=int, default=20000, help="Person names in the vocabulary.")
    args = parser.parse_args(argv)

    import faiss

    faiss.omp_set_num_threads(1)  # one query at a time: threads only add hand-off latency
    stream = StreamingClusterer(use_embeddings=False)
    latencies = np.zeros(args.n, dtype=np.float32)
    cpu = np.zeros(args.n, dtype=np.float32)
    gold: list[str] = []
    started = time.perf_counter()
    for i, (article, event) in enumerate(Newsroom(args.seed, args.per_day, args.places, args.people).articles(args.n)):
        c0, t0 = time.thread_time(), time.perf_counter()
        stream.add(article)
        latencies[i] = time.perf_counter() - t0
        cpu[i] = time.thread_time() - c0
        if args.score:
            gold.append(event)
        if (i + 1) % 100_000 == 0:
            print(f"{i + 1} articles, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    stories = stream.stories()
    ms, cpu_ms = latencies * 1000, cpu * 1000
    report = {"task": "stream", "n": args.n, "stories": len(stories), "open_stories": len(stream.index),
              "articles_per_s": round(args.n / float(latencies.sum()), 1),
              "articles_per_s_end_to_end": round(args.n / total, 1),
              "latency_ms_p50": round(float(np.percentile(ms, 50)), 3),
              "latency_ms_p95": round(float(np.percentile(ms, 95)), 3),
              "latency_ms_p99": round(float(np.percentile(ms, 99)), 3),
              "latency_ms_max": round(float(ms.max()), 1),
              "cpu_ms_p50": round(float(np.percentile(cpu_ms, 50)), 3),
              "cpu_ms_p95": round(float(np.percentile(cpu_ms, 95)), 3),
              "cpu_ms_p99": round(float(np.percentile(cpu_ms, 99)), 3),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "seconds": round(total, 1)}
    if args.score:
        labels = {aid: s.id for s in stories for aid in s.articles}
        with tempfile.TemporaryDirectory() as folder:
            scored = _score(gold, labels, Path(folder))
        report.update({k: scored[k] for k in ("bcubed_f1", "pair_f1", "k_pred", "k_gold")})
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
