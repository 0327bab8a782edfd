"""Value objects that refuse bad input with a Swedish message.

Each has a ``parse`` class method that accepts what a person would type (with or without
separators, surrounding spaces) and returns the canonical value, or raises
:class:`ValidationError` naming what is wrong. The constructors are for values that
are already canonical (from the store); they validate too, so an invalid value object
cannot exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers
from stdnum import luhn
from stdnum.se import orgnr

from kawebb_desktop.domain import bank_accounts
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.messages import msg

_SEPARATORS = re.compile(r"[\s\-+]")

#: A samordningsnummer (co-ordination number) adds 60 to the day of birth.
SAMORDNING_DAY_OFFSET = 60

#: MINUS SIGN: word processors put it where a hyphen was typed, yet it is no dash (Sm).
_MINUS_SIGN = "\u2212"


def _is_hyphen(ch: str) -> bool:
    """``-`` and the dashes that look like it (‐ ‑ – —, category Pd) and the minus sign."""
    return ch == _MINUS_SIGN or unicodedata.category(ch) == "Pd"


def _normalized(text: str, noun: str, field: str) -> str:
    """``text`` as typed, with every dash written ``-`` and without spaces (any kind).

    Refuses, with a message that names them, the characters that could make a number look
    right but not be: digits other than 0–9 (full-width ２, Arabic-Indic ٢, …), which would
    otherwise pass ``str.isdigit``, and invisible ones (category Cf: zero-width space,
    direction marks, …). What remains is for the shape checks of each number.
    """
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            continue
        if unicodedata.category(ch) == "Cf":
            raise ValidationError(
                msg(
                    (
                        "{noun} innehåller osynliga tecken (kanske från en kopierad text). Skriv "
                        "numret igen "
                        "med siffrorna 0–9."
                    ),
                    noun=noun,
                ),
                field,
            )
        if ch.isdigit() and not ch.isascii():
            raise ValidationError(
                msg(
                    (
                        "{noun} innehåller tecken som inte är siffrorna 0–9, till exempel breda "
                        "siffror "
                        "eller siffror från ett annat skriftsystem. Skriv numret med siffrorna 0–9."
                    ),
                    noun=noun,
                ),
                field,
            )
        out.append("-" if _is_hyphen(ch) else ch)
    return "".join(out)


def _digits_only(text: str, noun: str, field: str) -> str:
    """What :func:`_normalized` leaves, without its hyphens."""
    return _normalized(text, noun, field).replace("-", "")


def _is_plain_digits(value: str) -> bool:
    """Digits 0–9 only (``str.isdigit`` alone accepts ``２`` and ``٢`` as well)."""
    return value.isascii() and value.isdigit()


def _check_stored(value: str, noun: str, field: str) -> None:
    """What every number value object refuses, whatever its shape: characters other than
    0–9 (named as such), and a number of only zeros."""
    if not _is_plain_digits(value):
        _normalized(value, noun, field)  # names foreign digits and invisible characters
    _refuse_zeros(value, noun, field)


def _refuse_zeros(digits: str, noun: str, field: str) -> None:
    if digits and set(digits) == {"0"}:
        raise ValidationError(msg("{noun} kan inte bestå av bara nollor.", noun=noun), field)


@dataclass(frozen=True, slots=True, order=True)
class Personnummer:
    """A Swedish personal identity number, stored as 12 digits ``YYYYMMDDNNNN``.

    Samordningsnummer (day of birth + 60) are accepted. The last ten digits carry a
    Luhn check digit.
    """

    value: str

    def __post_init__(self) -> None:
        _check_personnummer_digits(self.value, "personnummer")

    @classmethod
    def stored(cls, value: str) -> Personnummer:
        """A number read back from the store, where only checked numbers are written:
        not checked again (a page of 50 cases spent about a millisecond on it)."""
        number = object.__new__(cls)
        object.__setattr__(number, "value", value)
        return number

    @classmethod
    def parse(
        cls, text: str, today: dt.date | None = None, field: str = "personnummer"
    ) -> Personnummer:
        """Read 12 or 10 digits, with or without ``-`` (``+`` marks 100 years or more).

        ``today`` decides the century of a 10-digit number; it defaults to the real date.
        """
        compact = _normalized(text, msg("Personnumret"), field)
        if not compact:
            raise ValidationError("Ange personnummer.", field)
        if not re.fullmatch(r"[0-9]{6}([0-9]{2})?[-+]?[0-9]{4}", compact):
            raise ValidationError(
                "Personnumret ska skrivas med 12 siffror (ÅÅÅÅMMDDNNNN) "
                "eller 10 siffror (ÅÅMMDD-NNNN).",
                field,
            )
        plus = "+" in compact
        digits = _SEPARATORS.sub("", compact)
        _refuse_zeros(digits, msg("Personnumret"), field)
        if len(digits) == 10:
            digits = _with_century(digits, plus, today or dt.date.today())
        elif plus:
            raise ValidationError(
                "Plustecken används bara med 10 siffror; skriv 12 siffror utan plus.", field
            )
        _check_personnummer_digits(digits, field)
        number = cls(digits)
        if number.birth_date > (today or dt.date.today()):
            raise ValidationError("Personnumrets födelsedatum ligger i framtiden.", field)
        return number

    @property
    def is_samordningsnummer(self) -> bool:
        return int(self.value[6:8]) > SAMORDNING_DAY_OFFSET

    @property
    def birth_date(self) -> dt.date:
        day = int(self.value[6:8])
        if day > SAMORDNING_DAY_OFFSET:
            day -= SAMORDNING_DAY_OFFSET
        return dt.date(int(self.value[0:4]), int(self.value[4:6]), day)

    @property
    def birth_date_text(self) -> str:
        """The birth date as lists show it: ``YYYYMMDD``."""
        return self.birth_date.strftime("%Y%m%d")

    @property
    def formatted(self) -> str:
        """``YYYYMMDD-NNNN``."""
        return f"{self.value[:8]}-{self.value[8:]}"

    def __str__(self) -> str:
        return self.formatted


def _with_century(ten: str, plus: bool, today: dt.date) -> str:
    """Choose the century of ``YYMMDDNNNN`` as Skatteverket does: the latest century
    that does not put the birth in the future; ``+`` (100 years or older) goes back one
    more."""
    yy = int(ten[:2])
    century = today.year // 100
    if yy > today.year % 100:
        century -= 1
    if plus:
        century -= 1
    return f"{century:02d}{ten}"


def _check_personnummer_digits(digits: str, field: str) -> None:
    _check_stored(digits, msg("Personnumret"), field)
    if len(digits) != 12 or not _is_plain_digits(digits):
        raise ValidationError("Personnumret ska ha 12 siffror.", field)
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    if day > SAMORDNING_DAY_OFFSET:
        day -= SAMORDNING_DAY_OFFSET
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            "Personnumret innehåller inget giltigt födelsedatum.", field
        ) from None
    if year < 1880:
        raise ValidationError("Personnumrets födelseår är orimligt.", field)
    if digits[8:11] == "000":
        raise ValidationError(
            "Personnumret är inte giltigt: födelsenumret 000 används inte.", field
        )
    if not luhn.is_valid(digits[2:]):
        raise ValidationError(
            "Personnumrets kontrollsiffra stämmer inte. Kontrollera numret.", field
        )


@dataclass(frozen=True, slots=True, order=True)
class OrgNumber:
    """A Swedish organisationsnummer, stored as 10 digits; municipalities start 2120."""

    value: str

    def __post_init__(self) -> None:
        _check_stored(self.value, msg("Organisationsnumret"), "org_number")
        if not (len(self.value) == 10 and _is_plain_digits(self.value)):
            raise ValidationError("Organisationsnumret ska ha 10 siffror.", "org_number")
        if not orgnr.is_valid(self.value):
            raise ValidationError("Organisationsnumrets kontrollsiffra stämmer inte.", "org_number")

    @classmethod
    def parse(cls, text: str, field: str = "org_number") -> OrgNumber:
        raw = _digits_only(text, msg("Organisationsnumret"), field)
        if not raw:
            raise ValidationError("Ange organisationsnummer.", field)
        if not _is_plain_digits(raw) or len(raw) != 10:
            raise ValidationError("Organisationsnumret ska ha 10 siffror (NNNNNN-NNNN).", field)
        return cls(raw)

    @property
    def is_municipality(self) -> bool:
        return self.value.startswith("2120")

    @property
    def formatted(self) -> str:
        return f"{self.value[:6]}-{self.value[6:]}"

    def __str__(self) -> str:
        return self.formatted


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@"
    r"(?:[A-Za-z0-9ÅÄÖåäö](?:[A-Za-z0-9ÅÄÖåäö-]{0,61}[A-Za-z0-9ÅÄÖåäö])?\.)+"
    r"[A-Za-z]{2,63}"
)


_PHONE_CHARS = re.compile(r"\+?[0-9()\-]+")
_PHONE_EXAMPLE = msg("till exempel 070-123 45 67, 08-123 456 78 eller +46 70 123 45 67")


@dataclass(frozen=True, slots=True, order=True)
class PhoneNumber:
    """A Swedish telephone number, stored normalised (E.164: ``+46701234567``) and shown
    as people write it (``070-123 45 67``, ``08-123 456 78``), by libphonenumber's
    numbering plan for Sweden. ``+46`` and ``0046`` are accepted."""

    value: str

    def __post_init__(self) -> None:
        number = _phone(self.value, "phone")
        if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != self.value:
            raise ValidationError("Telefonnumret är inte normaliserat.", "phone")

    @classmethod
    def parse(cls, text: str, field: str = "phone") -> PhoneNumber:
        number = _phone(text, field)
        return cls(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))

    @property
    def formatted(self) -> str:
        return phonenumbers.format_number(
            phonenumbers.parse(self.value, "SE"), phonenumbers.PhoneNumberFormat.NATIONAL
        )

    def __str__(self) -> str:
        return self.formatted


def _phone(text: str, field: str) -> phonenumbers.PhoneNumber:
    compact = _normalized(text, msg("Telefonnumret"), field)
    if not compact:
        raise ValidationError("Ange telefonnummer.", field)
    if not _PHONE_CHARS.fullmatch(compact):
        raise ValidationError(
            msg(
                (
                    "Telefonnumret får bara innehålla siffror, mellanslag, bindestreck och ett "
                    "inledande "
                    "+, {example}."
                ),
                example=_PHONE_EXAMPLE,
            ),
            field,
        )
    try:
        number = phonenumbers.parse(compact, "SE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            msg(
                "Telefonnumret är inte ett giltigt svenskt nummer. Skriv det {example}.",
                example=_PHONE_EXAMPLE,
            ),
            field,
        )
    if phonenumbers.region_code_for_number(number) != "SE":
        raise ValidationError(
            msg(
                "Ange ett svenskt telefonnummer (+46), {example}.",
                example=_PHONE_EXAMPLE,
            ),
            field,
        )
    return number


def phone_text(stored: str) -> str:
    """A stored phone number as people write it; as stored if it is not a valid one
    (never raises), ``""`` for none."""
    if not stored:
        return ""
    try:
        return PhoneNumber(stored).formatted
    except ValidationError:
        return stored


@dataclass(frozen=True, slots=True, order=True)
class EmailAddress:
    """An e-mail address, trimmed and in lower case."""

    value: str

    def __post_init__(self) -> None:
        _check_email(self.value, "email")

    @classmethod
    def parse(cls, text: str, field: str = "email") -> EmailAddress:
        raw = text.strip().lower()
        if not raw:
            raise ValidationError("Ange e-postadress.", field)
        _check_email(raw, field)
        return cls(raw)

    def __str__(self) -> str:
        return self.value


def _check_email(value: str, field: str) -> None:
    local, _, _domain = value.partition("@")
    if (
        len(value) > 254
        or len(local) > 64
        or not _EMAIL.fullmatch(value)
        or local.startswith(".")
        or local.endswith(".")
        or ".." in value
    ):
        raise ValidationError(
            "E-postadressen är inte giltig. Skriv den som namn@exempel.se.", field
        )


@dataclass(frozen=True, slots=True, order=True)
class Bankgiro:
    """A bankgironummer: 7 or 8 digits whose last is a Luhn check digit (``762-0255``)."""

    value: str

    def __post_init__(self) -> None:
        _check_stored(self.value, msg("Bankgironumret"), "number")
        if not (_is_plain_digits(self.value) and len(self.value) in (7, 8)):
            raise ValidationError("Bankgironumret ska ha 7 eller 8 siffror.", "number")
        if not luhn.is_valid(self.value):
            raise ValidationError("Bankgironumrets kontrollsiffra stämmer inte.", "number")

    @classmethod
    def parse(cls, text: str, field: str = "number") -> Bankgiro:
        raw = _digits_only(text, msg("Bankgironumret"), field)
        if not raw:
            raise ValidationError("Ange bankgironummer.", field)
        if not _is_plain_digits(raw) or len(raw) not in (7, 8):
            raise ValidationError(
                "Bankgironumret ska ha 7 eller 8 siffror (NNN-NNNN eller NNNN-NNNN).", field
            )
        return cls(raw)

    @property
    def formatted(self) -> str:
        return f"{self.value[:-4]}-{self.value[-4:]}"

    def __str__(self) -> str:
        return self.formatted


@dataclass(frozen=True, slots=True, order=True)
class Plusgiro:
    """A plusgironummer: 2 to 8 digits whose last is a Luhn check digit (``4 12 34-5``)."""

    value: str

    def __post_init__(self) -> None:
        _check_stored(self.value, msg("Plusgironumret"), "number")
        if not (_is_plain_digits(self.value) and 2 <= len(self.value) <= 8):
            raise ValidationError("Plusgironumret ska ha 2 till 8 siffror.", "number")
        if not luhn.is_valid(self.value):
            raise ValidationError("Plusgironumrets kontrollsiffra stämmer inte.", "number")

    @classmethod
    def parse(cls, text: str, field: str = "number") -> Plusgiro:
        raw = _digits_only(text, msg("Plusgironumret"), field)
        if not raw:
            raise ValidationError("Ange plusgironummer.", field)
        if not _is_plain_digits(raw) or not 2 <= len(raw) <= 8:
            raise ValidationError("Plusgironumret ska ha 2 till 8 siffror.", field)
        return cls(raw)

    @property
    def formatted(self) -> str:
        body, check = self.value[:-1], self.value[-1]
        groups: list[str] = []
        while body:
            groups.insert(0, body[-2:])
            body = body[:-2]
        return f"{' '.join(groups)}-{check}"

    def __str__(self) -> str:
        return self.formatted


@dataclass(frozen=True, slots=True, order=True)
class BankAccountNumber:
    """A bank account: the clearing number (4 digits, 5 for Swedbank 8xxx-x) and the account
    digits after it (``33007505092556``, ``832791234567897``).

    :meth:`parse` checks the clearing number against the banks' series and the check digit
    by that bank's rule (:mod:`kawebb_desktop.domain.bank_accounts`). The constructor, for
    stored values, checks only the shape, so that a number stored before those checks (or
    one of a bank that has since left its series) can still be read and shown.
    """

    value: str

    def __post_init__(self) -> None:
        _check_stored(self.value, msg("Kontonumret"), "number")
        if not (_is_plain_digits(self.value) and 7 <= len(self.value) <= 16):
            raise ValidationError(
                "Kontonumret ska ha clearingnummer (4 siffror) och kontonummer.", "number"
            )

    @classmethod
    def parse(cls, text: str, field: str = "number") -> BankAccountNumber:
        raw = _digits_only(text, msg("Kontonumret"), field).replace(",", "").replace(".", "")
        if not raw:
            raise ValidationError("Ange clearing- och kontonummer.", field)
        if not _is_plain_digits(raw) or not 7 <= len(raw) <= 16:
            raise ValidationError(
                "Kontonumret ska ha clearingnummer (4 siffror) och kontonummer.", field
            )
        _refuse_zeros(raw, msg("Kontonumret"), field)
        clearing = raw[:4]
        series = bank_accounts.clearing_range(clearing)
        if series is None:
            raise ValidationError(
                msg(
                    "Clearingnumret {clearing} hör inte till någon svensk bank.", clearing=clearing
                ),
                field,
            )
        account = raw[bank_accounts.clearing_length(raw) :]
        lengths = series.rule.account_lengths
        if len(account) not in lengths:
            count = (
                f"{lengths.stop - 1}"
                if len(lengths) == 1
                else f"{lengths.start} till {lengths.stop - 1}"
            )
            raise ValidationError(
                msg(
                    "Kontonumret för {bank} ska ha {count} siffror efter clearingnumret.",
                    bank=series.bank,
                    count=count,
                ),
                field,
            )
        if not bank_accounts.check_digit_is_valid(series.rule, clearing, account):
            raise ValidationError(
                msg("Kontonumrets kontrollsiffra stämmer inte för {bank}.", bank=series.bank), field
            )
        return cls(raw)

    @property
    def clearing(self) -> str:
        """The clearing number as written: ``3300``, ``8327-9`` (Swedbank's fifth digit)."""
        if bank_accounts.clearing_length(self.value) == 5:
            return f"{self.value[:4]}-{self.value[4]}"
        return self.value[:4]

    @property
    def account(self) -> str:
        """The account digits after the clearing number."""
        return self.value[bank_accounts.clearing_length(self.value) :]

    @property
    def bank(self) -> str | None:
        """The bank's name, or ``None`` for a stored number of no bank's series."""
        series = bank_accounts.clearing_range(self.value[:4])
        return None if series is None else series.bank

    @property
    def formatted(self) -> str:
        """``3300-7505092556``; Swedbank's: ``8327-9, 1234567897``."""
        separator = ", " if bank_accounts.clearing_length(self.value) == 5 else "-"
        return f"{self.clearing}{separator}{self.account}"

    def __str__(self) -> str:
        return self.formatted


class AccountKind(StrEnum):
    BANKGIRO = "bankgiro"
    PLUSGIRO = "plusgiro"
    BANKKONTO = "bankkonto"

    @property
    def label(self) -> str:
        return {"bankgiro": "Bankgiro", "plusgiro": "Plusgiro", "bankkonto": "Bankkonto"}[
            self.value
        ]


AccountNumber = Bankgiro | Plusgiro | BankAccountNumber


def parse_account_number(kind: AccountKind, text: str) -> AccountNumber:
    """Parse ``text`` as the number of an account of ``kind``."""
    if kind is AccountKind.BANKGIRO:
        return Bankgiro.parse(text)
    if kind is AccountKind.PLUSGIRO:
        return Plusgiro.parse(text)
    return BankAccountNumber.parse(text)


def stored_account_number(kind: AccountKind, value: str) -> AccountNumber:
    """The stored ``value`` of an account of ``kind``, by the constructors (no input checks:
    a bank account stored before the clearing-number rules still reads)."""
    if kind is AccountKind.BANKGIRO:
        return Bankgiro(value)
    if kind is AccountKind.PLUSGIRO:
        return Plusgiro(value)
    return BankAccountNumber(value)
