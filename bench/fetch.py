"""Benchmark for sources.fetch: concurrent fetching on loopback and extraction of a 1 MB page.

Serves 50 article pages on 127.0.0.1 from an asyncio HTTP/1.1 server (in its own process),
each answered after a 200 ms delay, then times: one fetch, fetch_many of all 50 with the
default settings, and fetch_many with enough concurrency for all 50 at once. Finally times
text extraction of a generated ~1 MB news page. The 50 pages are also served as plain text,
to separate the network concurrency from the (CPU-bound, GIL-serialised) HTML extraction.

Run: .venv/bin/python bench/fetch.py [--pages 50] [--delay 0.2]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sources.fetch import fetch_many, fetch_url, make_client  # noqa: E402

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

    It runs in its own process so that serving does not compete with the client for the GIL
    (a real server is on another machine).
    """

    def __init__(self, pages: dict[str, bytes], delay: float) -> None:
        self.pages = pages
        self.delay = delay
        self.port = 0
        receiver, self._sender = multiprocessing.Pipe(duplex=False)
        self._receiver = receiver
        self._process = multiprocessing.get_context("fork").Process(target=self._run, daemon=True)

    def __enter__(self) -> DelayedServer:
        self._process.start()
        self.port = self._receiver.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(timeout=5)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=256)
        self._sender.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

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
    urls: list[str], *, concurrency: int, max_connections: int, repeats: int
) -> float:
    """Median wall time of ``repeats`` runs of fetch_many over ``urls``, each with a new client.

    A new client per run, because the URLs of one claim are on different sites, so their
    connections are new too. (Reusing 50 idle keep-alive connections at once is also slow in
    httpcore 1.0.9: its pool rescans every connection for every queued request, cubic in the
    number of connections; at the default 20 connections that cost is negligible.)
    """
    runs = []
    for _ in range(repeats):
        async with make_client(max_connections=max_connections) as http:
            started = time.perf_counter()
            results = await fetch_many(urls, client=http, concurrency=concurrency)
            runs.append(time.perf_counter() - started)
        failures = [result for result in results if isinstance(result, Exception)]
        assert not failures, failures
    return statistics.median(runs)


async def time_fetching(port: int, count: int, repeats: int) -> dict[str, float]:
    html_urls = [f"http://127.0.0.1:{port}/page/{n}" for n in range(count)]
    # The same pages as plain text, whose extraction costs next to nothing: what is left is
    # the network concurrency alone.
    text_urls = [f"http://127.0.0.1:{port}/text/{n}" for n in range(count)]
    figures: dict[str, float] = {}
    async with make_client() as http:
        await fetch_url(html_urls[0], client=http)  # warm-up: imports, first connection
        singles = []
        for url in html_urls[1:6]:
            async with make_client() as fresh:  # a new connection, as in fetch_many below
                started = time.perf_counter()
                await fetch_url(url, client=fresh)
                singles.append(time.perf_counter() - started)
        figures["single fetch (median of 5)"] = statistics.median(singles)
    figures["fetch_many defaults (concurrency 8, 20 connections)"] = await timed_fetch_many(
        html_urls, concurrency=8, max_connections=20, repeats=repeats
    )
    figures[f"fetch_many concurrency {count}, {count} connections"] = await timed_fetch_many(
        html_urls, concurrency=count, max_connections=count, repeats=repeats
    )
    figures[f"fetch_many concurrency {count}, plain-text pages"] = await timed_fetch_many(
        text_urls, concurrency=count, max_connections=count, repeats=repeats
    )
    return figures


def time_extraction(big_page: bytes, small_page: bytes) -> dict[str, float]:
    from sources.extract import extract_document

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
    parser.add_argument("--repeats", type=int, default=3, help="runs per fetch_many figure")
    args = parser.parse_args()

    rng = random.Random(4)
    big_page = article_page(rng, paragraphs=1450, title="A very long report")
    small_page = article_page(rng, paragraphs=12, title="A usual article")
    extraction = time_extraction(big_page, small_page)

    pages = {
        f"/page/{n}": article_page(rng, paragraphs=12, title=f"Article {n}")
        for n in range(args.pages)
    }
    pages.update({f"/text/{n}": sentence(rng).encode() * 60 for n in range(args.pages)})
    with DelayedServer(pages, args.delay) as server:
        fetching = asyncio.run(time_fetching(server.port, args.pages, args.repeats))

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")
    print(
        f"{args.pages} pages on loopback, each delayed {args.delay * 1000:.0f} ms "
        f"(fetch_many figures: median of {args.repeats} runs)"
    )
    single = fetching["single fetch (median of 5)"]
    for name, seconds in fetching.items():
        ratio = "" if seconds == single else f"  ({seconds / single:.2f}x a single fetch)"
        print(f"  {name}: {seconds * 1000:.0f} ms{ratio}")
    print("extraction")
    for name, value in extraction.items():
        shown = (
            f"{value:.0f}" if name.startswith("extracted characters") else f"{value * 1000:.0f} ms"
        )
        print(f"  {name}: {shown}")


if __name__ == "__main__":
    main()
