"""A tiny OpenAI-compatible chat-completions server on loopback, for testing the LLM coder.

It is a real HTTP server (the coder's requests really travel), whose "model" codes a response with every
theme whose name appears in it (case-insensitive), or answers as ``behaviour`` says: "ok", "skip-first"
(leaves response 1 out of a batch), "prose" (wraps the JSON in words), "not-json", "http-500".
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeModel:
    def __init__(self) -> None:
        self.behaviour = "ok"
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []

    def answer(self, body: dict[str, Any]) -> str:
        user = body["messages"][1]["content"]
        themes = re.findall(r"^(\w+): ([^-\n]+)", user.split("Responses:")[0].split("Examples")[0], re.M)
        responses = re.findall(r"^(\d+)\. (.*)$", user.split("Responses:")[1], re.M)
        codes = [
            {"id": int(i), "themes": [k for k, name in themes if name.strip().lower() in text.lower()]}
            for i, text in responses
        ]
        if self.behaviour == "skip-first" and len(codes) > 1:
            codes = codes[1:]
        text = json.dumps({"codes": codes})
        if self.behaviour == "prose":
            text = f"Here are the codes:\n```json\n{text}\n```"
        if self.behaviour == "not-json":
            text = "I cannot help with that."
        return text


@contextmanager
def fake_llm() -> Iterator[tuple[str, FakeModel]]:
    model = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            model.requests.append(body)
            model.headers.append(dict(self.headers))
            if self.path != "/v1/chat/completions" or model.behaviour == "http-500":
                self.send_response(500 if model.behaviour == "http-500" else 404)
                self.end_headers()
                return
            out = json.dumps({"choices": [{"message": {"role": "assistant", "content": model.answer(body)}}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(out.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", model
    finally:
        server.shutdown()
        server.server_close()
