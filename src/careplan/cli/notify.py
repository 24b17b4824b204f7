"""Showing one desktop notification: the freedesktop service over D-Bus, or macOS's own.

D-Bus through jeepney (pure Python, maintained; measured at ~16-20 ms to import,
against ~80-130 ms for dbus-fast, which pulls in asyncio). Only `careplan remind`
and `doctor` import this, and jeepney only inside the functions, so the daily
commands never pay for it. Only Unix-socket buses are used: careplan never
touches the network, and jeepney speaks no other transport.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

SERVICE = "org.freedesktop.Notifications"
OBJECT = "/org/freedesktop/Notifications"
TIMEOUT = 5.0  # seconds; a service started on demand may take a moment


def bus_address(env: Mapping[str, str], uid: int) -> str | None:
    """The session bus: $DBUS_SESSION_BUS_ADDRESS, or (from cron, which does not pass it)
    the socket a systemd login session keeps in the runtime folder."""
    given = env.get("DBUS_SESSION_BUS_ADDRESS")
    if given:
        return given
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{uid}"
    socket = Path(runtime) / "bus"
    return f"unix:path={socket}" if socket.is_socket() else None


def can_notify() -> bool:
    """Whether a notification could be shown here now."""
    if sys.platform == "darwin":
        import shutil

        return shutil.which("osascript") is not None
    return _dbus(send=None)


def notify(title: str, body: str) -> bool:
    """Show one quiet notification; False when there is nothing here to show it."""
    if sys.platform == "darwin":
        return _osascript(title, body)
    return _dbus(send=(title, body))


def _dbus(send: tuple[str, str] | None) -> bool:
    address = bus_address(os.environ, os.getuid())
    if address is None:
        return False
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg
    except ImportError:  # installed without jeepney (not Linux): no way to reach the bus
        return False
    try:
        with open_dbus_connection(bus=address, auth_timeout=TIMEOUT) as conn:

            def call(message: object) -> tuple[object, ...]:
                """The reply's values; an error reply raises DBusErrorResponse."""
                return tuple(unwrap_msg(conn.send_and_get_reply(message, timeout=TIMEOUT)))

            (owned,) = call(message_bus.NameHasOwner(SERVICE))
            (startable,) = call(message_bus.ListActivatableNames())
            if owned is not True and not (isinstance(startable, list) and SERVICE in startable):
                return False
            if send is None:
                return True
            title, body = send
            where = DBusAddress(OBJECT, bus_name=SERVICE, interface=SERVICE)
            hints = {"urgency": ("y", 0)}  # low: shown, never sticky, never a sound
            signature = "susssasa{sv}i"
            call(
                new_method_call(
                    where, "Notify", signature, ("careplan", 0, "", title, body, [], hints, -1)
                )
            )
            return True
    except (OSError, RuntimeError, ValueError, DBusErrorResponse):
        # No bus at that address, a bus that is not ours, or no service after all.
        return False


def _osascript(title: str, body: str) -> bool:
    import shutil
    import subprocess

    program = shutil.which("osascript")
    if program is None:
        return False

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    script = f"display notification {quoted(body)} with title {quoted(title)}"
    try:
        done = subprocess.run([program, "-e", script], capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
