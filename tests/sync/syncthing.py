"""Two real Syncthing daemons (Debian's 1.19) syncing one folder, on 127.0.0.1 only.

Global and local discovery, relays, NAT traversal, usage reporting, crash reports and
upgrades are all off; each daemon listens and dials on loopback alone, and its REST API
(loopback, an API key) is how the test pauses the link, rescans and waits for sync.
Learned from shared/tools/twodev.py; Syncthing 1.19's pitfalls it works around:
- only one side dials (both dialling at once deadlocks the Hello exchange for ~20 s);
- after a resume, 1.19 will not redial the same address for >= 5 s, so the dialling side
  is given a fresh spelling of the same address (a query string the dialler ignores);
- conflict copies the puller makes are indexed only by the next scan: rescan once more.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
FOLDER = "careplan"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind((LOOPBACK, 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _set(parent: ET.Element, tag: str, value: object) -> None:
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = str(value).lower() if isinstance(value, bool) else str(value)


def wait(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll until `predicate` is true, with a deadline (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Daemon:
    def __init__(self, name: str, root: Path, folder: Path) -> None:
        self.name, self.root, self.folder = name, root, folder
        self.config = root / "syncthing"
        self.gui_port, self.sync_port = _free_ports(2)
        self.api_key = f"careplan-test-{name}-{os.urandom(6).hex()}"
        self.device_id = ""
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update(HOME=str(self.root), STNOUPGRADE="1", STNORESTART="1", STNODEFAULTFOLDER="1")
        return env

    def rest(self, method: str, path: str, body: Any = None, **params: str) -> Any:
        url = f"http://{LOOPBACK}:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            url, data=data, method=method, headers={"X-API-Key": self.api_key}
        )
        with _OPENER.open(request, timeout=30) as reply:
            raw = reply.read()
        return json.loads(raw) if raw.strip() else None

    def up(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"syncthing {self.name} stopped (see {self.root}/syncthing.log)")
        try:
            return bool(self.rest("GET", "/rest/system/ping").get("ping") == "pong")
        except (OSError, urllib.error.URLError, ValueError):
            return False


class Pair:
    """Daemons "A" and "B"; A dials B."""

    def __init__(self, base: Path, folder_a: Path, folder_b: Path, ignore: list[str]) -> None:
        self.a = Daemon("A", base / "st-A", folder_a)
        self.b = Daemon("B", base / "st-B", folder_b)
        self.ignore = ignore
        self.redial = 0

    def __enter__(self) -> Pair:
        try:
            self.setup()
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def setup(self) -> None:
        for d in (self.a, self.b):
            d.root.mkdir(parents=True, exist_ok=True)
            out = subprocess.run(
                ["syncthing", "generate", f"--home={d.config}", "--no-default-folder",
                 "--skip-port-probing"],
                env=d.env(), capture_output=True, text=True, timeout=60, check=True,
            )  # fmt: skip
            found = re.search(r"Device ID:\s*([A-Z0-9-]{63})", out.stdout + out.stderr)
            assert found, out.stdout + out.stderr
            d.device_id = found[1]
            d.folder.mkdir(parents=True, exist_ok=True)
            (d.folder / ".stfolder").mkdir(exist_ok=True)
            (d.folder / ".stignore").write_text("\n".join(self.ignore) + "\n")
        self._config(self.a, self.b, f"tcp://{LOOPBACK}:{self.b.sync_port}")
        self._config(self.b, self.a, "dynamic")  # B never dials: see the module's notes

    def _config(self, me: Daemon, peer: Daemon, peer_address: str) -> None:
        path = me.config / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        own = root.find(f"device[@id='{me.device_id}']")
        assert own is not None
        for a in own.findall("address"):
            own.remove(a)
        ET.SubElement(own, "address").text = f"tcp://{LOOPBACK}:{me.sync_port}"
        template = root.find("defaults/device")
        assert template is not None
        other = ET.fromstring(ET.tostring(template))
        other.set("id", peer.device_id)
        other.set("name", peer.name)
        for a in other.findall("address"):
            other.remove(a)
        other.insert(0, ET.Element("address"))
        other[0].text = peer_address
        _set(other, "paused", False)
        ET.SubElement(other, "allowedNetwork").text = f"{LOOPBACK}/32"
        root.insert(list(root).index(own) + 1, other)
        folder_template = root.find("defaults/folder")
        assert folder_template is not None
        folder = ET.fromstring(ET.tostring(folder_template))
        folder.attrib.update(
            {"id": FOLDER, "label": FOLDER, "path": str(me.folder), "type": "sendreceive",
             "rescanIntervalS": "3600", "fsWatcherEnabled": "false", "ignorePerms": "false"}
        )  # fmt: skip
        for d in folder.findall("device"):
            folder.remove(d)
        for i, d in enumerate((me, peer)):
            entry = ET.Element("device", {"id": d.device_id, "introducedBy": ""})
            ET.SubElement(entry, "encryptionPassword").text = ""
            folder.insert(1 + i, entry)
        _set(folder, "pullerPauseS", 1)
        root.insert(list(root).index(other) + 1, folder)
        gui = root.find("gui")
        assert gui is not None
        gui.set("enabled", "true")
        gui.set("tls", "false")
        _set(gui, "address", f"{LOOPBACK}:{me.gui_port}")
        _set(gui, "apikey", me.api_key)
        options = root.find("options")
        assert options is not None
        for a in options.findall("listenAddress"):
            options.remove(a)
        listen = ET.Element("listenAddress")
        listen.text = f"tcp://{LOOPBACK}:{me.sync_port}"
        options.insert(0, listen)
        off = {
            "globalAnnounceEnabled": False, "localAnnounceEnabled": False, "relaysEnabled": False,
            "natEnabled": False, "announceLANAddresses": False, "urAccepted": -1, "urSeen": 3,
            "urInitialDelayS": 86400, "autoUpgradeIntervalH": 0, "upgradeToPreReleases": False,
            "crashReportingEnabled": False, "startBrowser": False, "restartOnWakeup": False,
            "stunKeepaliveStartS": 0, "stunKeepaliveMinS": 0, "reconnectionIntervalS": 5,
            "setLowPriority": False,
        }  # fmt: skip
        for key, value in off.items():
            _set(options, key, value)
        tree.write(path)

    def start(self, timeout: float = 45) -> None:
        for d in (self.a, self.b):
            log = open(d.root / "syncthing.log", "ab")  # noqa: SIM115 (closed with the process)
            d.proc = subprocess.Popen(
                ["syncthing", "serve", "--no-browser", "--no-restart", "--no-upgrade",
                 f"--home={d.config}", "--logflags=3"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=d.env(),
                start_new_session=True,
            )  # fmt: skip
            log.close()
        for d in (self.a, self.b):
            wait(d.up, timeout, f"syncthing {d.name} to start")
        if not self.connected():
            self._dial_now()
        wait(self.connected, timeout, "the two to connect")

    def connected(self) -> bool:
        for me, peer in ((self.a, self.b), (self.b, self.a)):
            links = me.rest("GET", "/rest/system/connections")["connections"]
            if not links.get(peer.device_id, {}).get("connected"):
                return False
        return True

    def _dial_now(self) -> None:
        self.redial += 1
        address = f"tcp://{LOOPBACK}:{self.b.sync_port}/?redial={self.redial}"
        self.a.rest("PATCH", f"/rest/config/devices/{self.b.device_id}", {"addresses": [address]})

    def pause(self, timeout: float = 30) -> None:
        """The computers are apart: A pauses B (and B never dials)."""
        self.a.rest("POST", "/rest/system/pause", device=self.b.device_id)
        wait(lambda: not any(self._links()), timeout, "the link to go down")

    def resume(self, timeout: float = 30) -> None:
        self._dial_now()
        self.a.rest("POST", "/rest/system/resume", device=self.b.device_id)
        wait(self.connected, timeout, "the two to reconnect")

    def _links(self) -> list[bool]:
        return [
            bool(me.rest("GET", "/rest/system/connections")["connections"]
                 .get(peer.device_id, {}).get("connected"))
            for me, peer in ((self.a, self.b), (self.b, self.a))
        ]  # fmt: skip

    def scan(self) -> None:
        for d in (self.a, self.b):
            d.rest("POST", "/rest/db/scan", folder=FOLDER)  # 1.19: returns when done

    def _settled(self) -> tuple[Any, ...] | None:
        snapshot = []
        for me, peer in ((self.a, self.b), (self.b, self.a)):
            status = me.rest("GET", "/rest/db/status", folder=FOLDER)
            completion = me.rest(
                "GET", "/rest/db/completion", folder=FOLDER, device=peer.device_id
            )
            need = sum(status.get(k, 0) for k in ("needFiles", "needDirectories", "needDeletes"))
            if (status["state"] != "idle" or need or status["needBytes"]
                    or completion["completion"] != 100 or completion["needItems"]
                    or status.get("pullErrors")):  # fmt: skip
                return None
            snapshot.append((status["globalFiles"], status["globalBytes"], status["sequence"]))
        return tuple(snapshot)

    def wait_in_sync(self, same: Callable[[], bool], timeout: float = 45) -> float:
        """Rescan both, then poll until both are idle with nothing to pull, the same twice in
        a row, and `same()` (the folders' contents agree); then rescan once more and check."""
        began = time.monotonic()
        deadline = began + timeout
        self.scan()
        previous, confirmed = None, False
        while True:
            snapshot = self._settled()
            if snapshot is not None and snapshot == previous and same():
                if confirmed:
                    return time.monotonic() - began
                self.scan()  # copies the puller made are indexed by the next scan only
                confirmed = True
            elif snapshot != previous:
                confirmed = False
            previous = snapshot
            if time.monotonic() > deadline:
                raise TimeoutError("the two folders did not come into sync")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop both daemons: ask, then signal their process groups (ours alone), by id."""
        for d in (self.a, self.b):
            if d.proc is not None and d.proc.poll() is None:
                with contextlib.suppress(Exception):
                    d.rest("POST", "/rest/system/shutdown")
        for d in (self.a, self.b):
            if d.proc is None:
                continue
            try:
                d.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(d.proc.pid, signal.SIGKILL)
                d.proc.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError):  # the monitor's child, if left
                os.killpg(d.proc.pid, signal.SIGKILL)
