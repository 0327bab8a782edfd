"""The local services over a replica: the very implementations the server runs, so a
command made offline meets the same rules and Swedish messages as online. They never
sign: BankID needs the network, and signing goes to the server."""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.offline.replica import Replica
from kawebb_desktop.services import LocalServices
from kawebb_desktop.signing.base import CollectResult, OrderStart, SignerError

NEEDS_NETWORK = "BankID behöver nätverket. Försök igen när datorn är ansluten till servern."

#: The replica's own session is as long-lived as the server lets it be: the server
#: decides when a session ends, the replica only mirrors who is logged in.
REPLICA_SESSION_IDLE = dt.timedelta(hours=12)


class NoNetworkSigner:
    """A signer that refuses everything: in a replica, BankID is never asked."""

    name = "BankID"

    def auth(self, end_user_ip: str) -> OrderStart:
        raise SignerError(NEEDS_NETWORK, "offline")

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        raise SignerError(NEEDS_NETWORK, "offline")

    def collect(self, order_ref: str) -> CollectResult:
        raise SignerError(NEEDS_NETWORK, "offline")

    def cancel(self, order_ref: str) -> None:
        return None


def replica_services(replica: Replica, clock: Clock) -> LocalServices:
    """The local services over ``replica``'s store."""
    return LocalServices(
        replica.store,
        NoNetworkSigner(),
        clock,
        dt.timedelta(0),
        session_idle=REPLICA_SESSION_IDLE,
    )
