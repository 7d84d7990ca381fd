"""A mail server for fault tests: it speaks just enough SMTP to accept every message and records
each message's Message-ID, so a test can count what arrived, once or twice. With `hang=True` it
accepts connections and never answers, like a mail server that has stopped responding.

    with SmtpSink() as sink:        # listens on 127.0.0.1, a free port: sink.port
        ...
        sink.message_ids()          # every Message-ID received, in order, repeats included
"""

import re
import socketserver
import threading

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


class SmtpSink:
    def __init__(self, *, hang: bool = False):
        self.hang = hang
        self.received: list[str] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 120

            def handle(self):
                if sink.hang:
                    self.rfile.read()  # until the client gives up and closes
                    return
                self.reply(b"220 sink ready")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        self.reply(b"354 end with <CRLF>.<CRLF>")
                        sink.record(self.read_data())
                        self.reply(b"250 queued")
                    elif verb == b"QUIT":
                        self.reply(b"221 bye")
                        return
                    elif verb == b"EHLO":
                        self.reply(b"250 sink")
                    else:  # HELO, MAIL, RCPT, RSET, NOOP: all accepted
                        self.reply(b"250 ok")

            def read_data(self) -> bytes:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line)
                return b"".join(lines)

            def reply(self, text: bytes):
                self.wfile.write(text + b"\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def record(self, data: bytes) -> None:
        found = MESSAGE_ID.search(data)
        with self.lock:
            self.received.append(found.group(1).decode() if found else "")

    def message_ids(self) -> list[str]:
        with self.lock:
            return list(self.received)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
