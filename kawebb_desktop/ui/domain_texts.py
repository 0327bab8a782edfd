"""The domain's labels that the UI shows, marked for translation (issue 12).

``kawebb_desktop.domain`` holds the Swedish labels (statuses, roles, document types, case
kinds, fields of work …) and must not import Qt; this module lists each of them with
:func:`~PySide6.QtCore.QT_TR_NOOP` so that ``pyside6-lupdate`` finds them, and the models
and dialogs translate them where they are shown: ``tr(status.label)``. A unit test
(tests/unit/test_domain_texts.py) sees that every label of those enums and tables is here,
so a new status cannot go untranslated.
"""

from __future__ import annotations

from kawebb_desktop.ui.i18n import QT_TR_NOOP

#: Role.label and Role.short_label.
ROLES = (
    QT_TR_NOOP("Behörighetsadministratör"),
    QT_TR_NOOP("Behörighetsadmin."),
    QT_TR_NOOP("Tjänsteadministratör"),
    QT_TR_NOOP("Registrerare"),
    QT_TR_NOOP("Lärare"),
    QT_TR_NOOP("Läsare"),
)
#: Function.label: the rows of the permission matrix.
FUNCTIONS = (
    QT_TR_NOOP("Hantera användare"),
    QT_TR_NOOP("Kontaktperson"),
    QT_TR_NOOP("Kontoinformation"),
    QT_TR_NOOP("Utförande verksamhet"),
    QT_TR_NOOP("Hantera handlingar"),
    QT_TR_NOOP("Avvikelserapport"),
    QT_TR_NOOP("Skapa gemensam planering"),
    QT_TR_NOOP("Hantera månadsrapport"),
    QT_TR_NOOP("Begära ersättning"),
    QT_TR_NOOP("Uppföljning begärda ersättningar"),
)
#: AuthorizationStatus values.
AUTHORIZATION_STATUSES = (
    QT_TR_NOOP("Aktiv"),
    QT_TR_NOOP("Väntar på aktivering"),
    QT_TR_NOOP("Ej påbörjad"),
    QT_TR_NOOP("Utgången"),
)
#: CaseKind.label.
CASE_KINDS = (QT_TR_NOOP("Huvudärenden"), QT_TR_NOOP("Ersättningsärenden"))
#: CaseStatus values.
CASE_STATUSES = (
    QT_TR_NOOP("Påbörjad"),
    QT_TR_NOOP("Planering"),
    QT_TR_NOOP("Överenskommelse"),
    QT_TR_NOOP("Avslutad"),
)
#: The latest events of a case that the app and its demo data write (Case.last_event is
#: stored text: another text is shown as it is).
CASE_EVENTS = (
    QT_TR_NOOP("Påbörjad"),
    QT_TR_NOOP("Ärende uppdaterat"),
    QT_TR_NOOP("Gemensam planering inskickad"),
    QT_TR_NOOP("Periodisk rapport inskickad"),
    QT_TR_NOOP("Informativ rapport inskickad"),
    QT_TR_NOOP("Förändringsrapport inskickad"),
    QT_TR_NOOP("Handling godkänd"),
)
#: CaseSearchField.label.
CASE_SEARCH_FIELDS = (QT_TR_NOOP("Ärende"), QT_TR_NOOP("Namn"), QT_TR_NOOP("Födelsedatum"))
#: ClaimStatus values.
CLAIM_STATUSES = (
    QT_TR_NOOP("Inskickad"),
    QT_TR_NOOP("Godkänd"),
    QT_TR_NOOP("Avslagen"),
    QT_TR_NOOP("Utbetald"),
)
#: CompensationKind.label.
COMPENSATION_KINDS = (QT_TR_NOOP("Anställning"), QT_TR_NOOP("Praktik"))
#: FieldOfWork.label.
FIELDS_OF_WORK = (
    QT_TR_NOOP("Skola"),
    QT_TR_NOOP("Fritidshem"),
    QT_TR_NOOP("Sjukvård"),
    QT_TR_NOOP("Äldreomsorg"),
    QT_TR_NOOP("Funktionshinderomsorg"),
)
#: DocumentType.label.
DOCUMENT_TYPES = (
    QT_TR_NOOP("Gemensam planering"),
    QT_TR_NOOP("Periodisk rapport"),
    QT_TR_NOOP("Förändringsrapport"),
    QT_TR_NOOP("Informativ rapport"),
    QT_TR_NOOP("Slutredovisning"),
)
#: DocumentStatus.label.
DOCUMENT_STATUSES = (
    QT_TR_NOOP("Utkast"),
    QT_TR_NOOP("Inskickad"),
    QT_TR_NOOP("Godkänd"),
    QT_TR_NOOP("Returnerad för komplettering"),
)
#: The labels of the documents' fields (DocumentField.label) and their choices.
DOCUMENT_FIELDS = (
    QT_TR_NOOP("Period från"),
    QT_TR_NOOP("Period till"),
    QT_TR_NOOP("Omfattning (%)"),
    QT_TR_NOOP("Timmar per vecka"),
    QT_TR_NOOP("Studieplan"),
    QT_TR_NOOP("Mål"),
    QT_TR_NOOP("Närvaro, timmar"),
    QT_TR_NOOP("Frånvaro, timmar"),
    QT_TR_NOOP("Kommentar"),
    QT_TR_NOOP("Datum för förändringen"),
    QT_TR_NOOP("Förändring"),
    QT_TR_NOOP("Orsak"),
    QT_TR_NOOP("Rubrik"),
    QT_TR_NOOP("Text"),
    QT_TR_NOOP("Slutdatum"),
    QT_TR_NOOP("Resultat"),
    QT_TR_NOOP("Sysselsättning efter avslut"),
)
DOCUMENT_CHOICES = (
    QT_TR_NOOP("Avbrott"),
    QT_TR_NOOP("Ändrad omfattning"),
    QT_TR_NOOP("Ändrad period"),
    QT_TR_NOOP("Annat"),
)
#: ChangeKind.label (the column Typ of Ändringar att signera) and ChangeAction.label.
CHANGE_KINDS = (
    QT_TR_NOOP("Användare"),
    QT_TR_NOOP("Kontaktperson"),
    QT_TR_NOOP("Konto"),
    QT_TR_NOOP("Begär ersättning"),
    QT_TR_NOOP("Skicka handling"),
)
CHANGE_ACTIONS = (QT_TR_NOOP("Ny"), QT_TR_NOOP("Ändrad"), QT_TR_NOOP("Borttagen"))
#: AccountKind.label, AccountUpdater values and AF's review statuses of an account
#: (services.af.ReviewStatus, stored as the account's review_status).
ACCOUNT_KINDS = (QT_TR_NOOP("Bankgiro"), QT_TR_NOOP("Plusgiro"), QT_TR_NOOP("Bankkonto"))
ACCOUNT_UPDATERS = (QT_TR_NOOP("Leverantör"), QT_TR_NOOP("Arbetsförmedlingen"))
REVIEW_STATUSES = (
    QT_TR_NOOP("Ny – ej granskad"),
    QT_TR_NOOP("Granskad, Godkänd"),
    QT_TR_NOOP("Granskad, Ej godkänd"),
)
#: Texts of the service layer that the UI shows as its own (services.offline_api).
SERVICE_TEXTS = (
    QT_TR_NOOP("Signering kräver anslutning till servern."),
    QT_TR_NOOP("Fortsätt offline som {name}"),
)

#: Every label above.
ALL: frozenset[str] = frozenset(
    ROLES
    + FUNCTIONS
    + AUTHORIZATION_STATUSES
    + CASE_KINDS
    + CASE_STATUSES
    + CASE_EVENTS
    + CASE_SEARCH_FIELDS
    + CLAIM_STATUSES
    + COMPENSATION_KINDS
    + FIELDS_OF_WORK
    + DOCUMENT_TYPES
    + DOCUMENT_STATUSES
    + DOCUMENT_FIELDS
    + DOCUMENT_CHOICES
    + CHANGE_KINDS
    + CHANGE_ACTIONS
    + ACCOUNT_KINDS
    + ACCOUNT_UPDATERS
    + REVIEW_STATUSES
    + SERVICE_TEXTS
)
