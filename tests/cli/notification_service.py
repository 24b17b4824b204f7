"""A small org.freedesktop.Notifications service, for tests on a private session bus.

    dbus-run-session -- python notification_service.py RECORD READY

Takes the name on the session bus, writes the bus address to READY, then answers
Notify (appending each call's arguments to RECORD as a JSON line),
GetCapabilities and GetServerInformation until it is stopped. Written with jeepney.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"


def main(record: Path, ready: Path) -> None:
    with open_dbus_connection(bus="SESSION") as conn:
        reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # 4: do not queue
        assert reply.body == (1,), f"could not own {NAME}: {reply.body}"
        partial = ready.with_suffix(".part")
        partial.write_text(os.environ["DBUS_SESSION_BUS_ADDRESS"])
        partial.rename(ready)  # seen whole or not at all
        sent = 0
        while True:
            msg = conn.receive()
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if member == "Notify":
                app, replaces, icon, summary, body, actions, hints, expires = msg.body
                shown = {key: value for key, (_, value) in hints.items()}
                line = [app, replaces, icon, summary, body, actions, shown, expires]
                with record.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(line) + "\n")
                sent += 1
                conn.send(new_method_return(msg, "u", (sent,)))
            elif member == "GetCapabilities":
                conn.send(new_method_return(msg, "as", (["body"],)))
            elif member == "GetServerInformation":
                conn.send(new_method_return(msg, "ssss", ("test", "careplan", "1", "1.2")))
            else:
                error = "org.freedesktop.DBus.Error.UnknownMethod"
                conn.send(new_error(msg, error, "s", (f"no {member}",)))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
