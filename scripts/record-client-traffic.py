#!/usr/bin/env python3
"""Records a W&B client's traffic to our server as a replay fixture (tests/fixtures/README.md, "Record format").

A reverse proxy on 127.0.0.1: point the client's WANDB_BASE_URL at it and it forwards every request to the
server, writing one JSON line per request (GraphQL and file_stream bodies parsed, PUT bodies as text cut to
2 KB, the Authorization/Host/Content-Length/Accept-Encoding/Connection headers left out).

    python3 scripts/record-client-traffic.py --listen 18232 --target http://127.0.0.1:18231 \
        --client python-0.16.6 --scenario resume-no-history --out tests/fixtures/python-0.16.6-resume-no-history.jsonl

With --files DIR, the bytes of every run file PUT (`/storage/runs/{entity}/{project}/{run}/{path}`) are also kept
whole as DIR/{run}/{path}, and the line names that file in `body_file`, so binary media can be replayed.
"""
import argparse
import http.server
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DROPPED = {"authorization", "host", "content-length", "accept-encoding", "connection"}


def parse(body: bytes, content_type: str):
    if not body:
        return None
    text = body.decode("utf-8", "replace")
    if "json" in (content_type or "") or text[:1] in "{[":
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text if len(text) <= 2048 else text[:2048]


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--listen", type=int, required=True)
    args.add_argument("--target", required=True)
    args.add_argument("--client", required=True)
    args.add_argument("--scenario", required=True)
    args.add_argument("--out", required=True)
    args.add_argument("--files", help="keep run file uploads whole under this folder")
    options = args.parse_args()
    lock = threading.Lock()
    seq = [0]
    out = open(options.out, "a", encoding="utf-8")

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length", "connection", "accept-encoding")}
            request = urllib.request.Request(options.target + self.path, data=body if body or self.command in ("POST", "PUT") else None,
                                             headers=headers, method=self.command)
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    status, answer, answer_headers = response.status, response.read(), response.headers
            except urllib.error.HTTPError as error:
                status, answer, answer_headers = error.code, error.read(), error.headers
            recorded = parse(body, self.headers.get("Content-Type", ""))
            operation = None
            if isinstance(recorded, dict) and isinstance(recorded.get("query"), str):
                match = re.search(r"\b(?:query|mutation)\s+(\w+)", recorded["query"])
                operation = match.group(1) if match else None
            with lock:
                seq[0] += 1
                line = {
                    "seq": seq[0], "client": options.client, "scenario": options.scenario,
                    "method": self.command, "path": self.path,
                    "headers": {k: v for k, v in self.headers.items() if k.lower() not in DROPPED},
                    "body": recorded, "operation": operation,
                    "example_response": parse(answer, answer_headers.get("Content-Type", "")) if answer else "",
                    "status": status, "truncated": [],
                }
                kept = keep_file(options.files, self.command, self.path, body)
                if kept:
                    line["body"] = None
                    line["body_file"] = kept
                out.write(json.dumps(line) + "\n")
                out.flush()
            self.send_response(status)
            for key, value in answer_headers.items():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD = relay

        def log_message(self, *_):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", options.listen), Proxy).serve_forever()


def keep_file(folder, method: str, path: str, body: bytes):
    """Writes a run file upload's bytes under folder/{run}/{path}; returns that relative name, or None."""
    match = re.match(r"^/storage/runs/[^/]+/[^/]+/([^/?]+)/([^?]+)", path)
    if not folder or method != "PUT" or not match:
        return None
    relative = Path(urllib.parse.unquote(match.group(1))) / urllib.parse.unquote(match.group(2))
    if ".." in relative.parts:
        return None
    target = Path(folder) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return relative.as_posix()


if __name__ == "__main__":
    main()
