"""The network between a test's workstation and its server, which a test can cut, and
which counts what was tried over it."""

from __future__ import annotations

import httpx


class Switch(httpx.BaseTransport):
    """An HTTP transport that fails every request with a connection error while
    :attr:`down`, counting requests sent (:attr:`sent`) and refused (:attr:`refused`)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.down = False
        self.sent = 0
        self.refused = 0

    @property
    def tried(self) -> int:
        """Every request the client tried to send, through or not."""
        return self.sent + self.refused

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.refused += 1
            raise httpx.ConnectError("nätverket är nere", request=request)
        self.sent += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
