"""`prices` from web addresses, against a loopback server the tests start (127.0.0.1 and
a free port; no other address is ever reached): cms-hpt.txt, downloads, the cache."""

from __future__ import annotations

import gzip
import io
import json
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import assert_refused, run, serving_a_site

pytestmark = pytest.mark.network

HOSPITAL = Path(__file__).resolve().parents[1] / "fixtures" / "hospital"
EMORY = (HOSPITAL / "real" / "emory-university-hospital.csv.gz").read_bytes()
UCSF = (HOSPITAL / "real" / "ucsf-parnassus.json.gz").read_bytes()
OFFICIAL = (HOSPITAL / "v3.0.0_tall_example.csv").read_bytes()
HPT = (
    "\ufefflocation-name: Emory University Hospital\r\nsource-page-url: /prices\r\n"
    "mrf-url: /files/emory.csv.gz\r\ncontact-name: Price Desk\r\n"
    "contact-email: prices@example.org\r\n\r\n"
    "location-name: UCSF Parnassus\r\nmrf-url: /files/ucsf.json.gz\r\n"
)


# Redirects a hostile server may send: other schemes, a loop.
ODD_REDIRECTS = {
    "/to/javascript": "javascript:alert(1)",
    "/to/file": "file:///etc/passwd",
    "/to/ftp": "ftp://127.0.0.1/prices.csv",
    "/to/loop": "/to/loop",
}


def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(40)) + packer.flush()


BOMB = _bomb()


def _zipped(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("standard-charges.csv", data)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[Counter[str]] = Counter()

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, body: bytes, kind: str = "application/octet-stream", code: int = 200,
             headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        Handler.seen[path] += 1
        if path in ("/site/cms-hpt.txt", "/one/cms-hpt.txt", "/nomrf/cms-hpt.txt"):
            text = {"/site/cms-hpt.txt": HPT,
                    "/one/cms-hpt.txt": "location-name: Only\nmrf-url: /files/emory.csv.gz\n",
                    "/nomrf/cms-hpt.txt": "location-name: Lost Campus\ncontact-name: A\n"}[path]  # fmt: skip
            self.send(text.encode(), "text/plain")
        elif path == "/huge/cms-hpt.txt":
            self.send(b"location-name: x\n" * (1 << 17), "text/plain")
        elif path == "/files/emory.csv.gz":
            self.send(EMORY)
        elif path == "/files/ucsf.json.gz":
            self.send(UCSF)
        elif path == "/files/official.zip":
            self.send(_zipped(OFFICIAL), "application/zip")
        elif path == "/encoded/official.csv":
            self.send(gzip.compress(OFFICIAL), "text/csv", headers={"Content-Encoding": "gzip"})
        elif path == "/moved":
            self.send(b"", code=302, headers={"Location": "/files/emory.csv.gz"})
        elif path in ODD_REDIRECTS:
            self.send(b"", code=302, headers={"Location": ODD_REDIRECTS[path]})
        elif path == "/page":
            self.send(b"<!DOCTYPE html><html><body>Prices</body></html>", "text/html")
        elif path == "/slow":
            time.sleep(1.5)
            self.send(EMORY)
        elif path == "/dropped":
            self.send_response(200)
            self.send_header("Content-Length", str(len(EMORY)))
            self.end_headers()
            self.wfile.write(EMORY[:1000])
            self.wfile.flush()
            self.connection.close()
        elif path == "/bomb":
            # 40 MiB of zeros in about 40 KiB: a decompression bomb.
            self.send(BOMB, headers={"Content-Encoding": "gzip"})
        elif path == "/double":
            self.send(gzip.compress(gzip.compress(OFFICIAL)),
                      headers={"Content-Encoding": "gzip, gzip"})  # fmt: skip
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _byte in range(400):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.02)
        elif path == "/oddetag":
            self.send(OFFICIAL, headers={"ETag": '"caf\xe9"', "Last-Modified": "lundi \xe9t\xe9"})
        elif path == "/etag/emory.csv.gz":
            if self.headers.get("If-None-Match") == '"v1"':
                Handler.seen["304"] += 1
                self.send_response(304)
                self.end_headers()
            else:
                self.send(EMORY, headers={"ETag": '"v1"'})
        else:
            self.send(b"not here", "text/plain", code=404)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A loopback server; downloads cached under the test's own folder."""
    with serving_a_site(Handler, tmp_path / "home", monkeypatch, "0.5") as address:
        yield address


def test_a_sites_locations_are_read_from_its_cms_hpt_txt(site: str) -> None:
    """The site's root lists two locations (a byte-order mark, CRLF): both files are
    downloaded and shown side by side."""
    outcome = run(["prices", f"{site}/site/", "--format", "json", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome
    doc = json.loads(outcome.stdout)
    assert [h["hospital"] for h in doc["hospitals"]] == ["EMORY UNIVERSITY", "Ucsf Medical Center"]
    assert doc["hospitals"][0]["source"] == f"{site}/files/emory.csv.gz"
    one = run(["prices", f"{site}/site/", "--location", "parnassus", "--price", "cash",
               "-f", "json"])  # fmt: skip
    assert json.loads(one.stdout)["file"]["hospital"] == "Ucsf Medical Center"


@pytest.mark.parametrize("path", ["/files/official.zip", "/encoded/official.csv", "/moved"])
def test_files_by_address_zipped_encoded_or_moved(site: str, path: str) -> None:
    outcome = run(["prices", site + path, "--price", "gross", "--format", "json"])
    assert outcome.exit_code == 0, outcome
    assert json.loads(outcome.stdout)["levels"], outcome.stdout


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing.csv", ["answered 404"]),
        ("/page", ["is a web page, not a standard-charges file"]),
        ("/nomrf/", ["Lost Campus has no mrf-url"]),
        ("/slow", ["did not answer within 0.5 s"]),
        ("/dropped", ["dropped after", "nothing was kept"]),
        ("/huge/", ["is larger than 1,048,576 bytes"]),
    ],
    ids=["404", "html", "no-mrf-url", "time-out", "dropped", "huge-cms-hpt"],
)
def test_failures_are_one_sentence_with_the_address(site: str, path: str, words: list[str],
                                                    tmp_path: Path) -> None:  # fmt: skip
    assert_refused(run(["prices", site + path]), 1, site, *words)
    cached = list((tmp_path / "home" / "cache").rglob("data"))
    assert cached == [] or path == "/nomrf/"  # nothing half-downloaded is kept


def test_downloads_are_cached_and_revalidated(site: str) -> None:
    """A second run asks with If-None-Match and reads the cached copy on 304; --offline
    reads the cache alone; --refresh downloads again."""
    url = f"{site}/etag/emory.csv.gz"
    first = run(["prices", url, "--price", "cash", "-f", "json"]).stdout
    assert run(["prices", url, "--price", "cash", "-f", "json"]).stdout == first
    assert Handler.seen["304"] == 1
    assert run(["prices", url, "--price", "cash", "-f", "json", "--offline"]).stdout == first
    assert Handler.seen[url.removeprefix(site)] == 2
    run(["prices", url, "--price", "cash", "--refresh"])
    assert Handler.seen["304"] == 1 and Handler.seen[url.removeprefix(site)] == 3
    assert_refused(
        run(["prices", f"{site}/files/ucsf.json.gz", "--offline"]), 1, "not in the cache"
    )


def test_one_bad_address_does_not_lose_the_others(site: str) -> None:
    outcome = run(["prices", f"{site}/files/emory.csv.gz", f"{site}/missing.csv", "--jobs", "1"])
    assert outcome.exit_code == 1
    assert "EMORY UNIVERSITY" in outcome.stdout and "answered 404" in outcome.stdout
    assert "1 of 2 files could not be read" in outcome.stderr


def test_a_tls_failure_is_one_sentence(site: str) -> None:
    """https:// to a server that speaks plain HTTP: the TLS handshake fails."""
    url = site.replace("http://", "https://") + "/files/emory.csv.gz"
    assert_refused(run(["prices", url]), 1, url, "TLS")


def test_a_download_reports_its_progress_through_the_callback(site: str) -> None:
    """The application layer tells the progress it is given of every byte, with the size
    the server said; the command line wires it to the one progress bar on a terminal."""
    from contextlib import contextmanager

    from iopcost.app.prices import PricesRequest, prices

    told: list[tuple[str, int | None]] = []
    sizes: list[int] = []

    @contextmanager
    def progress(label: str, total: int | None) -> Iterator[object]:
        told.append((label, total))
        yield sizes.append

    out = io.StringIO()
    request = PricesRequest(files=(f"{site}/files/emory.csv.gz",), price="cash",
                            output_format="json")  # fmt: skip
    prices(request, out=out, say=lambda text: None, progress=progress)  # type: ignore[arg-type]
    assert told == [(f"{site}/files/emory.csv.gz", len(EMORY))]
    assert sum(sizes) == len(EMORY)
    assert json.loads(out.getvalue())["levels"]


def test_a_decompression_bomb_and_nested_encodings_are_refused(site: str) -> None:
    """40 MiB of zeros sent as 40 KiB of gzip: refused as it decodes (bounded pieces,
    a bounded ratio), nothing kept; gzip inside gzip: refused by its header."""
    assert_refused(run(["prices", f"{site}/bomb"]), 1, "decompresses to over", "nothing was kept")
    assert_refused(run(["prices", f"{site}/double"]), 1, "2 layers")


def test_a_trickle_is_cut_by_the_overall_deadline(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server sending a byte every 20 ms never trips the idle time-out; the whole
    download's deadline (20 idle time-outs) ends it in words."""
    monkeypatch.setenv("IOPCOST_TIMEOUT", "0.1")
    started = time.monotonic()
    assert_refused(run(["prices", f"{site}/trickle"]), 1, "took longer than 2 s in all")
    assert time.monotonic() - started < 6


def test_odd_validators_do_not_poison_the_cache(site: str) -> None:
    """A non-ASCII ETag or Last-Modified is not kept, so later runs work."""
    url = f"{site}/oddetag"
    for _run in range(2):
        outcome = run(["prices", url, "-f", "json"])
        assert outcome.exit_code == 0, outcome


def _entry(home: Path, url: str) -> Path:
    import hashlib

    return home / "cache" / hashlib.sha256(url.encode()).hexdigest()[:32]


def test_the_cache_never_follows_a_planted_link(site: str, tmp_path: Path) -> None:
    """A link planted at an entry's meta.json (or its partial file) is replaced, never
    followed: the link's target is left as it was; folders are private."""
    url = f"{site}/files/ucsf.json.gz"
    entry = _entry(tmp_path / "home", url)
    entry.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (entry / "meta.json").symlink_to(victim)
    assert run(["prices", url, "-f", "json"]).exit_code == 0
    assert victim.read_text() == "mine"
    assert not (entry / "meta.json").is_symlink()
    assert (entry.stat().st_mode & 0o077) == 0 and (entry.parent.stat().st_mode & 0o077) == 0


def test_a_damaged_cached_body_is_not_trusted(site: str, tmp_path: Path) -> None:
    """A cached body cut short (or changed) is downloaded again, even where the server
    would answer 304; a partial download of a process that is gone is removed."""
    url = f"{site}/etag/emory.csv.gz"
    first = run(["prices", url, "--price", "cash", "-f", "json"]).stdout
    entry = _entry(tmp_path / "home", url)
    data = entry / "data"
    data.write_bytes(data.read_bytes()[:1000])
    (entry / "data.part999999").write_bytes(b"left by a killed run")
    again = run(["prices", url, "--price", "cash", "-f", "json"])
    assert again.exit_code == 0 and again.stdout == first
    assert Handler.seen["304"] == 0
    assert not (entry / "data.part999999").exists()
    assert_refused(
        run(["prices", f"{site}/files/official.zip", "--offline"]), 1, "not in the cache"
    )


def test_a_cache_folder_that_is_a_link_is_refused(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "linked"
    home.mkdir()
    (home / "cache").symlink_to(elsewhere)
    monkeypatch.setenv("IOPCOST_HOME", str(home))
    assert_refused(run(["prices", f"{site}/files/ucsf.json.gz"]), 1, "is a link or not a folder")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("path", sorted(ODD_REDIRECTS))
def test_a_redirect_elsewhere_is_one_sentence(site: str, path: str) -> None:
    """A redirect to another scheme, or in a loop: one sentence naming the address, and
    the other sources read all the same."""
    other = str(HOSPITAL / "v3.0.0_tall_example.csv")
    outcome = run(["prices", f"{site}{path}", other, "--jobs", "1", "-f", "json"])
    assert outcome.exit_code == 1 and "Traceback" not in outcome.stderr, outcome
    assert outcome.stderr == f"Error: 1 of 2 files could not be read: {site}{path}.\n"
    sheets = json.loads(outcome.stdout)
    assert [sheet["hospital"] for sheet in sheets["hospitals"]] == ["West Mercy Hospital"]
    (problem,) = sheets["failed"]
    assert problem["error"].startswith(f"{site}{path} could not be downloaded (")


@pytest.mark.parametrize(
    ("planted", "words"),
    [
        ("meta.json", ["meta.json (Is a directory)", "remove it"]),
        ("data", ["/data (Is a directory)", "remove it"]),
        (".", ["(File exists)", "remove it"]),
    ],
)
def test_a_cache_problem_names_its_own_path(
    site: str, tmp_path: Path, planted: str, words: list[str]
) -> None:
    """Something else in an entry's place: its own path, the cause and the fix, never
    "cannot write the output"."""
    url = f"{site}/files/official.zip"
    entry = _entry(tmp_path / "home", url)
    if planted == ".":
        entry.parent.mkdir(parents=True)
        entry.write_text("a file where a folder goes")
    else:
        (entry / planted).mkdir(parents=True)
    outcome = run(["prices", url])
    assert_refused(outcome, 1, "the cache cannot use", str(entry), *words)


def test_a_full_cache_says_so(site: str, tmp_path: Path) -> None:
    """A cache that cannot grow (here: a file-size limit): the partial file's path, the
    cause and the fix, and nothing left behind."""
    import resource
    import subprocess
    import sys

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        [sys.executable, "-c", "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
         "from iopcost.__main__ import main; main()", "prices", f"{site}/files/emory.csv.gz"],
        capture_output=True, text=True, timeout=60, preexec_fn=limited, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == "", done.stderr
    assert "the cache cannot use" in done.stderr and "data.part" in done.stderr
    assert "free some space" in done.stderr
    entry = _entry(tmp_path / "home", f"{site}/files/emory.csv.gz")
    assert [path.name for path in entry.iterdir()] == []


def test_location_without_a_site_is_refused(site: str) -> None:
    """--location with no site's address among the sources: exit 2 in words, not ignored."""
    for source in (f"{site}/files/emory.csv.gz", str(HOSPITAL / "v3.0.0_tall_example.csv")):
        assert_refused(run(["prices", source, "--location", "parnassus"]), 2,
                       "--location", "no source is a site's address")  # fmt: skip
