"""Benchmark for acquisition.fetch: concurrent fetching on loopback and extraction of a 1 MB page.

Serves 50 article pages from an asyncio HTTP/1.1 server (in its own process), each answered
after a 200 ms delay, on 10 loopback addresses (127.0.0.1 to 127.0.0.10, all loopback on
Linux) as a batch of sources from different sites would be, then times one fetch and
fetch_many of all 50: with the default settings, with the extraction workers ready (as in a
long-lived host that called start_extraction_workers), not started (a one-off batch: HTML
extracted in threads) and started together with the batch; then the same 50 pages all on
one host, with the defaults and with enough concurrency for all 50 at once. The 50 pages are
also served as plain text, to separate the network concurrency from the CPU-bound HTML
extraction. Finally times extraction of a ~1 MB page.

Run: .venv/bin/python bench/fetch.py [--pages 50] [--delay 0.2] [--hosts 10] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import claim_workbench.acquisition.fetch as fetch_module  # noqa: E402
from claim_workbench.acquisition.fetch import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    DEFAULT_PER_HOST,
    close_extraction_workers,
    extraction_workers_ready,
    fetch_many,
    fetch_url,
    make_client,
    start_extraction_workers,
)
from claim_workbench.acquisition.netpolicy import ALLOW_HOSTS_VARIABLE  # noqa: E402

# The benchmark's sites are on loopback, which the fetch policy refuses unless allowed.
os.environ[ALLOW_HOSTS_VARIABLE] = "127.0.0.0/8"

WORDS = (
    "the council said officials budget percent million water plant report year city port "
    "minister figures residents election turnout survey police recorded attacks deaths "
    "according to data published agency increase decrease compared with previous quarter"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    words.insert(rng.randint(0, len(words)), str(rng.randint(2, 9000)))
    return " ".join(words).capitalize() + "."


def article_page(rng: random.Random, *, paragraphs: int, title: str) -> bytes:
    nav = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(30))
    body = "".join(
        "<p>" + " ".join(sentence(rng) for _ in range(5)) + "</p>\n" for _ in range(paragraphs)
    )
    comments = "".join(
        f'<div class="comment"><p>{sentence(rng)}</p></div>' for _ in range(paragraphs // 10 + 3)
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='Bench Gazette'></head><body>"
        f"<nav><ul>{nav}</ul></nav><div class='ad'>Advertisement: buy now</div>"
        f"<main><article><h1>{title}</h1>\n{body}</article>"
        f"<section id='comments'>{comments}</section></main>"
        f"<footer>Copyright Bench Gazette</footer></body></html>"
    ).encode()


class DelayedServer:
    """HTTP/1.1 keep-alive server on loopback that answers each request after ``delay`` s.

    It listens on ``hosts`` addresses (127.0.0.1, 127.0.0.2, ...), each a different site to
    the client, and runs in its own process so that serving does not compete with the client
    for the GIL (a real server is on another machine).
    """

    def __init__(self, pages: dict[str, bytes], delay: float, hosts: int) -> None:
        self.pages = pages
        self.delay = delay
        self.addresses = [f"127.0.0.{n}" for n in range(1, hosts + 1)]
        self.origins: list[str] = []
        receiver, self._sender = multiprocessing.Pipe(duplex=False)
        self._receiver = receiver
        # Forked before the client starts any thread.
        self._process = multiprocessing.get_context("fork").Process(target=self._run, daemon=True)

    def __enter__(self) -> DelayedServer:
        self._process.start()
        self.origins = self._receiver.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(timeout=5)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        servers = [
            await asyncio.start_server(self._serve, address, 0, backlog=256)
            for address in self.addresses
        ]
        self._sender.send(
            ["http://{}:{}".format(*server.sockets[0].getsockname()[:2]) for server in servers]
        )
        await asyncio.gather(*(server.serve_forever() for server in servers))

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(self.delay)
                body = self.pages.get(path)
                if body is None:
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                else:
                    media_type = b"text/plain" if path.startswith("/text/") else b"text/html"
                    writer.write(
                        b"HTTP/1.1 200 OK\r\nContent-Type: %s; charset=utf-8\r\n"
                        b"Content-Length: %d\r\n\r\n" % (media_type, len(body)) + body
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def timed_fetch_many(
    urls: list[str], *, workers: str, max_connections: int, **options: int
) -> tuple[float, float]:
    """Wall time and this process's CPU time of one fetch_many run over ``urls``, with a new
    client (the CPU time of the worker processes is not included).

    ``workers`` says what the extraction workers are doing when the run starts: "none" (not
    started: a one-off batch, such as the CLI's), "ready" (started earlier, as a long-lived
    host does) or "starting" (started together with the batch; the fork server is up).

    A new client per run, because the URLs of one claim are on different sites, so their
    connections are new too. (Reusing 50 idle keep-alive connections at once is also slow in
    httpcore 1.0.9: its pool rescans every connection for every queued request.)
    """
    if workers in ("none", "starting"):
        await close_extraction_workers()
    if workers in ("ready", "starting"):
        start_extraction_workers()
    if workers == "ready":
        assert await extraction_workers_ready(), "the extraction workers did not start"
    async with make_client(max_connections=max_connections) as http:
        started, cpu_started = time.perf_counter(), time.process_time()
        results = await fetch_many(urls, client=http, **options)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    failures = [result for result in results if isinstance(result, Exception)]
    assert not failures, failures
    return elapsed, cpu


async def time_fetching(
    origins: list[str],
    count: int,
    repeats: int,
    spreads: dict[str, tuple[float, float]],
    main_cpu: dict[str, float],
) -> dict[str, float]:
    hosts = len(origins)
    # Page n on site n mod hosts: a batch of sources from different sites.
    spread = [f"{origins[n % hosts]}/page/{n}" for n in range(count)]
    one_host = [f"{origins[0]}/page/{n}" for n in range(count)]
    # The same pages as plain text, whose extraction costs next to nothing: what is left is
    # the network concurrency alone.
    text_one_host = [f"{origins[0]}/text/{n}" for n in range(count)]
    everything = {"concurrency": count, "per_host": count}
    figures: dict[str, float] = {}
    async with make_client() as http:
        await fetch_url(one_host[0], client=http)  # warm-up: imports, first connection
        singles = []
        for url in spread[1:6]:
            async with make_client() as fresh:  # a new connection, as in fetch_many below
                started = time.perf_counter()
                await fetch_url(url, client=fresh)
                singles.append(time.perf_counter() - started)
        figures["single fetch (median of 5)"] = statistics.median(singles)
    all_at_once = f"concurrency {count} and per_host {count}, 1 host"
    plans: list[tuple[str, list[str], str, dict[str, int]]] = [
        (f"defaults, {hosts} hosts, workers ready", spread, "ready", {}),
        (f"defaults, {hosts} hosts, no workers (threads)", spread, "none", {}),
        (f"defaults, {hosts} hosts, workers started with the batch", spread, "starting", {}),
        ("defaults, 1 host, workers ready", one_host, "ready", {}),
        (f"{all_at_once}, workers ready", one_host, "ready", everything),
        (f"{all_at_once}, no workers (threads)", one_host, "none", everything),
        (f"{all_at_once}, plain-text pages", text_one_host, "none", everything),
    ]
    # Round after round of every plan, so that a change in the machine's load (it is shared)
    # falls on all of them alike.
    runs: dict[str, list[float]] = {name: [] for name, *_ in plans}
    cpu_times: dict[str, list[float]] = {name: [] for name, *_ in plans}
    extracted_by_workers = 0
    for _ in range(repeats):
        for name, urls, workers, options in plans:
            connections = max(DEFAULT_CONCURRENCY, options.get("concurrency", 0))
            elapsed, cpu = await timed_fetch_many(
                urls, workers=workers, max_connections=connections, **options
            )
            runs[name].append(elapsed)
            cpu_times[name].append(cpu)
            if fetch_module._workers is not None:
                extracted_by_workers += fetch_module._workers.pages_extracted
                fetch_module._workers.pages_extracted = 0
    for name, times in runs.items():
        figures[f"fetch_many {name}"] = statistics.median(times)
        spreads[f"fetch_many {name}"] = (min(times), max(times))
        main_cpu[f"fetch_many {name}"] = statistics.median(cpu_times[name])
    figures["pages extracted by the worker processes (all runs)"] = float(extracted_by_workers)
    await close_extraction_workers()
    return figures


def time_extraction(big_page: bytes, small_page: bytes) -> dict[str, float]:
    from claim_workbench.acquisition.documents import extract_document

    started = time.perf_counter()
    import trafilatura  # noqa: F401 - measured on its own: the first extraction pays for it

    figures = {"import trafilatura (cold)": time.perf_counter() - started}
    for page, runs in ((big_page, 3), (small_page, 20)):
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            extracted = extract_document(page, "text/html", url="https://bench.example/a")
            timings.append(time.perf_counter() - started)
        label = f"{len(page) / 1e6:.2f} MB" if len(page) > 1e5 else f"{len(page) / 1e3:.0f} KB"
        figures[f"extract {label} page (median of {runs})"] = statistics.median(timings)
        if page is big_page:
            figures["extracted characters (1 MB page)"] = float(len(extracted.text))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--hosts", type=int, default=10, help="loopback addresses serving")
    parser.add_argument("--repeats", type=int, default=5, help="runs per fetch_many figure")
    args = parser.parse_args()
    load_before = ", ".join(f"{value:.1f}" for value in os.getloadavg())

    rng = random.Random(4)
    big_page = article_page(rng, paragraphs=1450, title="A very long report")
    small_page = article_page(rng, paragraphs=12, title="A usual article")
    extraction = time_extraction(big_page, small_page)

    pages = {
        f"/page/{n}": article_page(rng, paragraphs=12, title=f"Article {n}")
        for n in range(args.pages)
    }
    pages.update({f"/text/{n}": sentence(rng).encode() * 60 for n in range(args.pages)})
    with DelayedServer(pages, args.delay, args.hosts) as server:
        spreads: dict[str, tuple[float, float]] = {}
        main_cpu: dict[str, float] = {}
        fetching = asyncio.run(
            time_fetching(server.origins, args.pages, args.repeats, spreads, main_cpu)
        )

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (at the start: {load_before})")
    print(
        f"{args.pages} pages on loopback, each delayed {args.delay * 1000:.0f} ms "
        f"(fetch_many figures: median of {args.repeats} runs)"
    )
    print(
        f"defaults: concurrency {DEFAULT_CONCURRENCY}, per_host {DEFAULT_PER_HOST}, "
        "HTML extraction in worker processes once started (one per CPU, 2 to 4), else threads"
    )
    single = fetching["single fetch (median of 5)"]
    for name, seconds in fetching.items():
        if name.startswith("pages extracted"):
            print(f"  {name}: {seconds:.0f}")
            continue
        ratio = "" if seconds == single else f"  ({seconds / single:.2f}x a single fetch)"
        low, high = spreads.get(name, (seconds, seconds))
        between = f", runs {low * 1000:.0f}-{high * 1000:.0f} ms" if name in spreads else ""
        cpu = f", this process's CPU {main_cpu[name] * 1000:.0f} ms" if name in main_cpu else ""
        print(f"  {name}: {seconds * 1000:.0f} ms{ratio}{between}{cpu}")
    print("extraction")
    for name, value in extraction.items():
        shown = (
            f"{value:.0f}" if name.startswith("extracted characters") else f"{value * 1000:.0f} ms"
        )
        print(f"  {name}: {shown}")


if __name__ == "__main__":
    main()
