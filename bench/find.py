"""`find` cost: providers asked at once, each candidate scored by the matcher as it arrives.

Usage: bench/find.py [--delay MS] [--runs R] [--embeddings on|off]

Three providers answer from servers on loopback in their documented formats (SearxNG 20 results,
Wikipedia 8 pages, Google Fact Check 10 reviews) after ``--delay`` ms (default 300, a web API's
usual latency), beside the stored provider, over a temporary SQLite file holding the bundled
sample article and a source made of its own paragraphs. Snippets are sentences of the sample
(any text serves: only the cost is measured). Printed: median wall time of a whole find (R runs,
default 5), the time to the first scored candidate, and the scoring cost per candidate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

os.environ["WORKBENCH_FETCH_ALLOW_HOSTS"] = "127.0.0.0/8"

from claim_workbench.acquisition.fetch import close_shared_client, from_text  # noqa: E402
from claim_workbench.acquisition.providers.config import ProviderConfig  # noqa: E402
from claim_workbench.cli import sample_path  # noqa: E402
from claim_workbench.review import find, services  # noqa: E402
from claim_workbench.store import storage  # noqa: E402
from claim_workbench.store.engine import make_engine, session_for  # noqa: E402


def answers(sentences: list[str]) -> dict[str, bytes]:
    def pick(index: int) -> str:
        return sentences[index % len(sentences)]

    searx = {
        "query": "q",
        "results": [
            {
                "url": f"https://news{i}.example/story",
                "title": pick(i)[:80],
                "content": pick(i + 1),
                "engine": "bing",
                "publishedDate": f"2025-11-1{i % 10}T08:00:00",
            }
            for i in range(20)
        ],
    }
    wiki = {
        "query": {
            "pages": [
                {
                    "pageid": i,
                    "title": pick(i + 3)[:60],
                    "index": i,
                    "extract": " ".join(pick(i + j) for j in range(3)),
                    "fullurl": f"https://en.wikipedia.org/wiki/Page_{i}",
                }
                for i in range(8)
            ]
        }
    }
    checks = {
        "claims": [
            {
                "text": pick(i + 5),
                "claimant": "A speaker",
                "claimReview": [
                    {
                        "publisher": {"name": "Checks", "site": "checks.example"},
                        "url": f"https://checks.example/{i}",
                        "title": pick(i + 6)[:80],
                        "reviewDate": "2025-11-20T00:00:00Z",
                        "textualRating": "False",
                    }
                ],
            }
            for i in range(10)
        ]
    }
    return {
        "/search": json.dumps(searx).encode(),
        "/w/api.php": json.dumps(wiki).encode(),
        "/v1alpha1/claims:search": json.dumps(checks).encode(),
    }


def serve(bodies: dict[str, bytes], delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            time.sleep(delay)
            body = bodies.get(self.path.split("?", 1)[0], b"{}")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


async def one_find(session, claim_id: int, config: ProviderConfig) -> tuple[float, float, int]:
    started = time.perf_counter()
    first = None
    search = find.FindSearch(session=session, claim_id=claim_id, config=config)
    async for event in search.events():
        if first is None and isinstance(event, find.Scored):
            first = time.perf_counter() - started
    count = len(search.ranked())
    await close_shared_client()
    return time.perf_counter() - started, first or 0.0, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=300.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--embeddings", choices=["on", "off"], default="on")
    args = parser.parse_args()
    if args.embeddings == "off":
        os.environ["WORKBENCH_EMBEDDINGS"] = "off"
    folder = Path(tempfile.mkdtemp(prefix="bench-find-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    engine = make_engine(f"sqlite:///{folder / 'find.db'}")
    raw = sample_path().read_text("utf-8")
    with session_for(engine) as session:
        article = services.import_text(session=session, raw=raw).article
        claims = storage.list_claims(session=session, article_id=article.id or 0, sort="score")
        claim = claims[0]
        paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        document = from_text("\n\n".join(paragraphs[::-1]), title="Paragraphs")
        services.store_source(
            session=session, claim_id=claims[-1].id or 0, document=document, reviewer="bench"
        )
        sentences = [s.strip() + "." for s in article.text.replace("\n", " ").split(". ") if s]
        server = serve(answers(sentences), args.delay / 1000)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        config = ProviderConfig(
            {
                "find": {"providers": ["stored", "searxng", "wikipedia", "factcheck"]},
                "wikipedia": {"url": f"{base}/w/api.php"},
                "factcheck": {"url": f"{base}/v1alpha1/claims:search", "key": "bench-key"},
                "searxng": {"url": base, "interval": 0},
            },
            None,
            {},
        )
        asyncio.run(one_find(session, claim.id or 0, config))  # warm: model, caches
        runs = [asyncio.run(one_find(session, claim.id or 0, config)) for _ in range(args.runs)]
        ranker = find.CandidateRanker(session=session, claim_id=claim.id or 0)
        candidates = [find.Candidate("bench", s[:60], None, s) for s in sentences * 3]
        ranker.score(candidates[0])
        started = time.perf_counter()
        for candidate in candidates:
            ranker.score(candidate)
        per_candidate = (time.perf_counter() - started) / len(candidates)
    server.shutdown()
    walls = [wall for wall, _first, _count in runs]
    firsts = [first for _wall, first, _count in runs]
    print(f"embeddings {args.embeddings}, provider delay {args.delay:.0f} ms, runs {args.runs}")
    print(f"candidates ranked per find: {runs[0][2]}")
    print(f"find wall time, median: {statistics.median(walls) * 1000:.0f} ms")
    print(f"first scored candidate after, median: {statistics.median(firsts) * 1000:.0f} ms")
    print(f"scoring per candidate: {per_candidate * 1000:.1f} ms ({len(candidates)} snippets)")


if __name__ == "__main__":
    main()
