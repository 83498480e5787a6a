"""The fetch policy: no fetching from this computer or the local network unless allowed.

Real servers on loopback stand in for the local services a hostile link or redirect would
reach (an admin page, a router, the cloud metadata service). Loopback is refused by default,
so each test here says what it allows, through WORKBENCH_FETCH_ALLOW_HOSTS.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpcore
import httpx
import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import select
from typer.testing import CliRunner

from claim_workbench.acquisition.fetch import SourceError, fetch_many, fetch_url, make_client
from claim_workbench.acquisition.netpolicy import (
    ALLOW_HOSTS_VARIABLE,
    ForbiddenAddress,
    GuardedBackend,
    literal_address,
    parse_allow_list,
    refusal_reason,
)
from claim_workbench.cli import cli, sample_path
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Article, Claim, Evidence, Source

PAGE = (
    "<html><head><title>Internal</title></head><body><article>"
    "<p>The internal dashboard lists 82 deaths in 21 strikes since September, a secret.</p>"
    "</article></body></html>"
)
HINT = rf"only public addresses are fetched \({ALLOW_HOSTS_VARIABLE} allows an intranet host\)$"


def serve(host: str, **options: object) -> Iterator[HTTPServer]:
    server = HTTPServer(host=host, **options)  # type: ignore[arg-type]
    try:
        server.start()
    except OSError as error:  # 127.0.0.2 is loopback on Linux, not on every system
        pytest.skip(f"cannot listen on {host}: {error}")
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def local() -> Iterator[HTTPServer]:
    """The service that must stay unreachable: it answers anyone who asks."""
    yield from serve("127.0.0.1")


@pytest.fixture
def relay() -> Iterator[HTTPServer]:
    """A second loopback address, allowed by the tests that need a first hop to succeed."""
    yield from serve("127.0.0.2")


@pytest.fixture(autouse=True)
def no_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_HOSTS_VARIABLE, raising=False)


def secret(server: HTTPServer) -> str:
    server.expect_request("/secret").respond_with_data(PAGE, content_type="text/html")
    return server.url_for("/secret")


# -- which addresses are refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fd00:ec2::254", "private"),
        ("::ffff:192.168.1.1", "private"),
        ("224.0.0.251", "multicast"),
        ("ff0e::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public"),  # carrier-grade NAT
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    refused = refusal_reason(ipaddress.ip_address(address))
    assert refused is not None and reason in refused


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses_are_not_refused(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f.1", "0x7f000001", "017700000001", "127.1", "[::1]", "127.0.0.1."]
)
def test_every_spelling_of_loopback_is_read_as_the_address(host: str) -> None:
    assert literal_address(host) in (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))


@pytest.mark.parametrize("host", ["example.com", "127.example", "0x7g.1", "1.2.3.4.5"])
def test_names_are_not_read_as_addresses(host: str) -> None:
    assert literal_address(host) is None


def test_the_allow_list_reads_names_suffixes_and_ranges() -> None:
    allowed = parse_allow_list("wiki.newsroom.example, .corp.example 10.20.0.0/16,fd00::1/120")
    assert allowed.allows_name("WIKI.newsroom.example.")
    assert not allowed.allows_name("newsroom.example")
    assert allowed.allows_name("corp.example") and allowed.allows_name("a.b.corp.example")
    assert not allowed.allows_name("evilcorp.example")
    assert allowed.allows_address(ipaddress.ip_address("10.20.3.4"))
    assert allowed.allows_address(ipaddress.ip_address("::ffff:10.20.3.4"))
    assert not allowed.allows_address(ipaddress.ip_address("10.21.0.1"))
    assert allowed.allows_address(ipaddress.ip_address("fd00::42"))
    assert parse_allow_list("*.corp.example").allows_name("x.corp.example")


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "not a host!", "fd00::/129"])
def test_a_bad_allow_list_entry_is_named(entry: str) -> None:
    with pytest.raises(SourceError, match=rf"^{ALLOW_HOSTS_VARIABLE}: .* is not"):
        parse_allow_list(f"wiki.example, {entry}")


# -- first requests ----------------------------------------------------------------------------


async def test_a_loopback_url_is_refused_without_a_request(local: HTTPServer) -> None:
    url = secret(local)
    async with make_client() as http:
        with pytest.raises(SourceError) as refused:
            await fetch_url(url, client=http)
    message = str(refused.value)
    assert message.startswith(f"refused {url}: 127.0.0.1 is a loopback address")
    assert "\n" not in message and message.endswith(HINT[:-1].replace("\\", ""))
    assert local.log == []


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f.1", "017700000001", "127.1"])
async def test_numeric_spellings_of_loopback_are_refused(local: HTTPServer, spelling: str) -> None:
    url = secret(local).replace("127.0.0.1", spelling)
    async with make_client() as http:
        with pytest.raises(
            SourceError, match=rf"^refused .*: {spelling} is 127\.0\.0\.1, a loopback address"
        ):
            await fetch_url(url, client=http)
    assert local.log == []


@pytest.mark.parametrize("host", ["[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0"])
async def test_ipv6_and_unspecified_forms_are_refused(host: str) -> None:
    async with make_client() as http:
        with pytest.raises(
            SourceError,
            match=r"^refused http://.*: [][:.0-9a-f]+ is an? (loopback|unspec)",
        ):
            await fetch_url(f"http://{host}:9/admin", client=http)


async def test_a_name_that_resolves_to_loopback_is_refused(local: HTTPServer) -> None:
    url = secret(local).replace("127.0.0.1", "localhost")
    async with make_client() as http:
        with pytest.raises(SourceError) as refused:
            await fetch_url(url, client=http)
    assert str(refused.value).startswith(
        f"refused {url}: localhost resolves to 127.0.0.1, a loopback address"
    )
    assert local.log == []


async def test_cloud_metadata_address_is_refused_before_connecting() -> None:
    async with make_client(connect_timeout=0.5) as http:
        with pytest.raises(SourceError, match=r"169\.254\.169\.254 is a link-local address"):
            await fetch_url("http://169.254.169.254/latest/meta-data/", client=http)


# -- redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target_host", ["127.0.0.1", "2130706433", "0x7f.1", "localhost"])
async def test_a_redirect_into_loopback_is_refused(
    relay: HTTPServer, local: HTTPServer, monkeypatch: pytest.MonkeyPatch, target_host: str
) -> None:
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "127.0.0.2")  # the relay only
    target = secret(local).replace("127.0.0.1", target_host)
    relay.expect_request("/start").respond_with_data("", status=302, headers={"Location": target})
    start = relay.url_for("/start")
    async with make_client() as http:
        with pytest.raises(SourceError) as refused:
            await fetch_url(start, client=http)
    message = str(refused.value)
    assert message.startswith(f"{start} redirected to {target}, refused: {target_host} ")
    assert "loopback address" in message and "\n" not in message
    assert len(relay.log) == 1 and local.log == []


async def test_fetch_many_applies_the_policy_to_each_url_and_redirect(
    relay: HTTPServer, local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "127.0.0.2")
    target = secret(local)
    relay.expect_request("/start").respond_with_data("", status=302, headers={"Location": target})
    relay.expect_request("/fine").respond_with_data(
        PAGE.replace("secret", "public figure"), content_type="text/html"
    )
    urls = [target, relay.url_for("/start"), relay.url_for("/fine")]
    async with make_client() as http:
        direct, redirected, fine = await fetch_many(urls, client=http, worker_processes=False)
    assert isinstance(direct, SourceError) and str(direct).startswith(f"refused {target}")
    assert isinstance(redirected, SourceError) and " redirected to " in str(redirected)
    assert not isinstance(fine, SourceError) and "public figure" in fine.text
    assert local.log == []


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate for the https test server")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_an_https_page_may_not_redirect_to_http(
    tmp_path: Path, local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this server alone
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "127.0.0.1")
    target = secret(local)
    for secure in serve("127.0.0.1", ssl_context=context):
        secure.expect_request("/fine").respond_with_data(PAGE, content_type="text/html")
        secure.expect_request("/down").respond_with_data(
            "", status=301, headers={"Location": target}
        )
        start = secure.url_for("/down")
        assert start.startswith("https://")
        async with make_client() as http:
            fine = await fetch_url(secure.url_for("/fine"), client=http)  # https itself works
            assert "internal dashboard" in fine.text
            with pytest.raises(SourceError) as refused:
                await fetch_url(start, client=http)
        assert str(refused.value) == (
            f"{start} redirected to {target}, refused: a secure (https) page may not lead "
            "to an unencrypted (http) address"
        )
    assert local.log == []


# -- what the allow-list opens -------------------------------------------------------------------


async def test_an_allowed_name_may_reach_a_private_address(
    local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "localhost")
    url = secret(local)
    async with make_client() as http:
        document = await fetch_url(url.replace("127.0.0.1", "localhost"), client=http)
        assert "internal dashboard" in document.text
        # The name is allowed, not every way of writing its address.
        with pytest.raises(SourceError, match="127.0.0.1 is a loopback address"):
            await fetch_url(url, client=http)


async def test_a_bad_allow_list_is_one_clear_line(
    local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "intranet.example, 10.0.0.0/33")
    async with make_client() as http:
        for url in (secret(local), secret(local).replace("127.0.0.1", "localhost")):
            with pytest.raises(SourceError, match=rf"^{ALLOW_HOSTS_VARIABLE}: '10.0.0.0/33'"):
                await fetch_url(url, client=http)
    assert local.log == []


async def test_the_backend_connects_to_the_address_it_checked(
    local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name is resolved once, by the policy; the connection goes to that address by number,
    # so a second DNS answer (DNS rebinding) is never asked for.
    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "127.0.0.1")
    connected: list[str] = []

    class Recording(httpcore.AnyIOBackend):
        async def connect_tcp(self, host: str, port: int, **options: object):  # type: ignore[override]
            connected.append(host)
            return await super().connect_tcp(host, port, **options)  # type: ignore[arg-type]

    backend = GuardedBackend(inner=Recording())
    port = local.port
    stream = await backend.connect_tcp("localhost", port, timeout=2.0)
    await stream.aclose()
    assert connected == ["127.0.0.1"]
    monkeypatch.delenv(ALLOW_HOSTS_VARIABLE)
    with pytest.raises(ForbiddenAddress, match="localhost resolves to 127.0.0.1"):
        await backend.connect_tcp("localhost", port, timeout=2.0)
    assert connected == ["127.0.0.1"]


async def test_a_client_not_made_by_make_client_is_refused() -> None:
    async with httpx.AsyncClient() as plain:
        with pytest.raises(ValueError, match="make_client"):
            await fetch_url("https://example.com/", client=plain)


# -- through the command line --------------------------------------------------------------------


def counts(db_url: str) -> dict[str, int]:
    with session_for(make_engine(db_url)) as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (Article, Claim, Source, Evidence)
        }


def test_attach_refuses_loopback_and_a_redirect_to_it_and_stores_nothing(
    tmp_path: Path, relay: HTTPServer, local: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'policy.db'}"
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--db", db_url, "--reviewer", "ana", *args])

    imported = run("import", str(sample_path()), "--json")
    assert imported.exit_code == 0, imported.output
    claim = json.loads(run("claims", "--json").stdout)[0]["id"]
    target = secret(local)
    relay.expect_request("/start").respond_with_data("", status=302, headers={"Location": target})
    before = counts(db_url)

    direct = run("attach", str(claim), target)
    assert direct.exit_code == 1
    lines = direct.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        f"refused {target}: 127.0.0.1 is a loopback address (this computer); "
        f"only public addresses are fetched ({ALLOW_HOSTS_VARIABLE} allows an intranet host)"
    )

    monkeypatch.setenv(ALLOW_HOSTS_VARIABLE, "127.0.0.2")
    redirected = run("attach", str(claim), relay.url_for("/start"))
    assert redirected.exit_code == 1
    lines = redirected.stderr.strip().splitlines()
    assert len(lines) == 1 and f"redirected to {target}, refused: 127.0.0.1 is a loop" in lines[0]
    assert "Traceback" not in direct.output + redirected.output
    assert counts(db_url) == before
    assert local.log == []


async def test_a_stalled_address_does_not_hold_up_the_next_one(local: HTTPServer) -> None:
    # A name with an IPv6 address that black-holes and a working IPv4 one: the next address
    # is tried after a short delay, not after the connect timeout. A real black hole cannot be
    # made on loopback, so the first address's connection is held open here by the test.
    stalled: list[str] = []

    class Stalling(httpcore.AnyIOBackend):
        async def connect_tcp(self, host: str, port: int, **options: object):  # type: ignore[override]
            if host == "127.0.0.2":
                stalled.append(host)
                await anyio.sleep_forever()  # cancelled once the other address answers
            return await super().connect_tcp(host, port, **options)  # type: ignore[arg-type]

    backend = GuardedBackend(inner=Stalling())
    stream = await backend._connect_first(["127.0.0.2", "127.0.0.1"], local.port, timeout=30.0)
    try:
        assert stalled == ["127.0.0.2"]
        assert stream.get_extra_info("server_addr")[0] == "127.0.0.1"
    finally:
        await stream.aclose()


async def test_when_every_address_fails_the_first_error_is_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens there once the probe is closed
    backend = GuardedBackend()
    with pytest.raises(httpcore.ConnectError):
        await backend._connect_first(["127.0.0.1", "127.0.0.2"], closed, timeout=2.0)
