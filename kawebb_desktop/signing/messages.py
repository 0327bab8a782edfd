"""BankID's recommended user messages (the "RFA" texts) in Swedish.

BankID asks every relying party to show the user a fixed set of messages while an order
is pending, when it fails and when a call is refused. The texts below are the Swedish
texts of BankID's *Relying Party Guidelines* (the 3.x series that goes with RP API v5.1
and v6: "Åtgärden avbruten.", "Identifiering eller underskrift pågår.", "Okänt fel.
Försök igen."). BankID's newer web documentation (developers.bankid.com) has reworded
some of them ("Åtgärden avbröts.", "Något gick fel. Försök igen."); the meaning is the
same, and a later change of wording only touches :data:`RFA_TEXTS`.

The mapping from a collect answer to a message follows the guideline table:

===========  ======================  ==========================================
status       hintCode                message
===========  ======================  ==========================================
pending      outstandingTransaction  RFA13 (app started on this device), RFA1 (QR)
pending      noClient                RFA1
pending      started                 RFA15A (computer), RFA15B (mobile device)
pending      userSign                RFA9
pending      userMrtd                RFA23
pending      anything else           RFA21
failed       expiredTransaction      RFA8
failed       certificateErr          RFA16
failed       userCancel              RFA6
failed       cancelled               RFA3
failed       startFailed             RFA17A (app started on this device), RFA17B (QR)
failed       anything else           RFA22
===========  ======================  ==========================================

and for refused calls (``errorCode``): alreadyInProgress → RFA4; internalError,
maintenance, requestTimeout → RFA5; anything else → RFA22. A call that never reaches
BankID (``connectionFailed``: nothing answers; ``serverCertificate``: the server's
certificate does not chain to the configured CA — ``signing/bankid_rp.py``) is a
technical error too: RFA5.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from kawebb_desktop.domain.messages import msg
from kawebb_desktop.signing.base import CollectStatus, HintCode

#: The Swedish RFA texts, by code. Wording as in BankID's Relying Party Guidelines 3.x.
RFA_TEXTS: Final = MappingProxyType(
    {
        "RFA1": msg("Starta BankID-appen."),
        "RFA2": msg("Du har inte BankID-appen installerad. Kontakta din bank."),
        "RFA3": msg("Åtgärden avbruten. Försök igen."),
        "RFA4": msg(
            "En identifiering eller underskrift för det här personnumret är redan "
            "påbörjad. Försök igen."
        ),
        "RFA5": msg("Internt tekniskt fel. Försök igen."),
        "RFA6": msg("Åtgärden avbruten."),
        "RFA8": msg(
            "BankID-appen svarar inte. Kontrollera att den är startad och att du har "
            "internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos "
            "din bank. Försök sedan igen."
        ),
        "RFA9": msg(
            "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under."
        ),
        "RFA13": msg("Försöker starta BankID-appen."),
        "RFA15A": msg(
            "Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder "
            "och inget BankID har hittats har du sannolikt inget BankID som går att använda "
            "för den aktuella identifieringen/underskriften i den här datorn. Om du har ett "
            "BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du "
            "skaffa ett hos din bank."
        ),
        "RFA15B": msg(
            "Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder "
            "och inget BankID har hittats har du sannolikt inget BankID som går att använda "
            "för den aktuella identifieringen/underskriften i den här enheten. Om du inte "
            "har något BankID kan du skaffa ett hos din bank."
        ),
        "RFA16": msg(
            "Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat "
            "BankID eller skaffa ett nytt hos din bank."
        ),
        "RFA17A": msg(
            "BankID-appen verkar inte finnas i din dator eller mobil. Installera den och "
            "skaffa ett BankID hos din bank. Installera appen från din appbutik eller "
            "https://install.bankid.com."
        ),
        "RFA17B": msg(
            "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. "
            "Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste "
            "du installera den och skaffa ett BankID hos din bank. Installera appen från din "
            "appbutik eller https://install.bankid.com."
        ),
        "RFA21": msg("Identifiering eller underskrift pågår."),
        "RFA22": msg("Okänt fel. Försök igen."),
        "RFA23": msg("Fotografera och läs av din ID-handling med BankID-appen."),
    }
)

#: Shown on ``complete``. Not an RFA text (the guidelines have none for a finished
#: order); our own wording.
COMPLETE_MESSAGE: Final = msg("Identifieringen eller underskriften är klar.")

_PENDING: Final = MappingProxyType(
    {
        HintCode.NO_CLIENT.value: "RFA1",
        HintCode.USER_SIGN.value: "RFA9",
        HintCode.USER_MRTD.value: "RFA23",
        # userCallConfirm (the phone-call flow, new in API v6) has no text of its own in
        # the 3.x guidelines; it falls to the generic RFA21 like any other pending code.
    }
)

_FAILED: Final = MappingProxyType(
    {
        HintCode.EXPIRED_TRANSACTION.value: "RFA8",
        HintCode.CERTIFICATE_ERR.value: "RFA16",
        HintCode.USER_CANCEL.value: "RFA6",
        HintCode.CANCELLED.value: "RFA3",
        # userDeclinedCall and notSupportedByUserApp (API v6) have no text of their own in
        # the 3.x guidelines; they fall to the generic RFA22.
    }
)

_ERRORS: Final = MappingProxyType(
    {
        "alreadyInProgress": "RFA4",
        "internalError": "RFA5",
        "maintenance": "RFA5",
        "requestTimeout": "RFA5",
        "connectionFailed": "RFA5",
        "serverCertificate": "RFA5",
    }
)


def rfa_code(
    status: CollectStatus | str, hint_code: str | None, *, qr: bool, mobile: bool = False
) -> str | None:
    """The RFA code for a collect answer, or ``None`` for ``complete``.

    ``qr`` tells whether the order was started with the animated QR code (the BankID app
    on another device) rather than by starting the app on this device. ``mobile`` tells
    whether *this* device is a phone or tablet; KA Webb Desktop runs on a computer, so
    it defaults to ``False``.
    """
    state = CollectStatus(status)
    if state is CollectStatus.COMPLETE:
        return None
    if state is CollectStatus.PENDING:
        if hint_code == HintCode.OUTSTANDING_TRANSACTION:
            return "RFA1" if qr else "RFA13"
        if hint_code == HintCode.STARTED:
            return "RFA15B" if mobile else "RFA15A"
        return _PENDING.get(hint_code or "", "RFA21")
    if hint_code == HintCode.START_FAILED:
        return "RFA17B" if qr else "RFA17A"
    return _FAILED.get(hint_code or "", "RFA22")


def user_message(
    status: CollectStatus | str, hint_code: str | None, *, qr: bool, mobile: bool = False
) -> str:
    """The Swedish message to show for a collect answer (see :func:`rfa_code`)."""
    code = rfa_code(status, hint_code, qr=qr, mobile=mobile)
    return COMPLETE_MESSAGE if code is None else RFA_TEXTS[code]


def error_rfa_code(error_code: str) -> str:
    """The RFA code for a refused call's ``errorCode``."""
    return _ERRORS.get(error_code, "RFA22")


def error_message(error_code: str) -> str:
    """The Swedish message to show when BankID refused a call with ``error_code``."""
    return RFA_TEXTS[error_rfa_code(error_code)]
