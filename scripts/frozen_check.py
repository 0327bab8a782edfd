"""The packaged app's self-check: does the bundle hold what the app imports and loads?

build.spec runs this file before the app's own entry point (``kawebb_desktop/__main__.py``)
in the packaged program. Without ``KAWEBB_BUNDLE_CHECK`` in the environment it does
nothing. With ``KAWEBB_BUNDLE_CHECK=DIR`` it checks, inside the frozen program, and exits
(0 when everything held, 1 otherwise; a report in DIR/report.txt and on stderr):

* every module named in DIR/modules.txt (one a line; ``make frozen`` writes the app's
  modules from the source tree there) imports;
* the Excel export (openpyxl) writes a workbook with a date and a number;
* the translator: Qt's and our English translations load and translate, and Qt's
  Swedish one loads;
* ICU's slimmed data: Swedish sorting, case mapping, time-zone names, windows-1252;
* the resources the app reads (style sheet, icons, BankID CA certificates, migrations).

Receipt verification with signxml/lxml and the main window (QtCharts' tab included) run
through the app's own commands (``kawebb receipt verify``, ``kawebb --smoke-test``) in
tests/unit/test_packaging.py. Only the standard library is imported here by name, so that
PyInstaller's analysis of this file cannot add a module the app itself would miss.
"""

from __future__ import annotations

import os
import sys


def _check(folder: str) -> int:
    import datetime as dt
    import importlib
    import traceback
    from pathlib import Path

    out = Path(folder)
    problems: list[str] = []
    lines: list[str] = []

    def attempt(what: str, check: object) -> None:
        try:
            result = check()  # type: ignore[operator]
        except BaseException:  # a report of everything that failed
            problems.append(f"{what}: {traceback.format_exc(limit=4)}")
        else:
            lines.append(f"ok: {what}{f' ({result})' if result else ''}")

    listed = out / "modules.txt"
    names = listed.read_text(encoding="utf-8").split() if listed.is_file() else []
    for name in names:
        attempt(f"import {name}", lambda name=name: importlib.import_module(name) and None)

    def export() -> str:
        from kawebb_desktop.domain.queries import Page
        from kawebb_desktop.ui.export import write_xlsx

        rows = [(dt.date(2026, 3, 14), 1250), (dt.date(2026, 3, 15), 300)]
        path = out / "export.xlsx"
        count = write_xlsx(
            path,
            ["Datum", "Belopp"],
            lambda row: row,
            lambda offset, limit: Page(
                tuple(rows[offset : offset + limit]), len(rows), offset, limit
            ),
        )
        openpyxl = importlib.import_module("openpyxl")
        sheet = openpyxl.load_workbook(path, read_only=True).active
        read = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
        assert count == 2 and read[0][1] == 1250 and read[0][0].date() == rows[0][0], read
        return f"{count} rader"

    attempt("Excel-export (openpyxl)", export)

    def translator() -> str:
        qt_core = importlib.import_module("PySide6.QtCore")
        i18n = importlib.import_module("kawebb_desktop.ui.i18n")
        app = qt_core.QCoreApplication.instance() or qt_core.QCoreApplication([sys.argv[0]])
        missing = i18n.install_language(app, "en")
        assert not missing, missing

        def loaded() -> list[str]:
            return sorted(Path(t.filePath()).name for t in app.findChildren(qt_core.QTranslator))

        english = loaded()
        where = qt_core.QLibraryInfo.path(qt_core.QLibraryInfo.LibraryPath.TranslationsPath)
        assert english == ["kawebb_en.qm", "qtbase_en.qm"], (english, where)
        assert i18n.tr("Avbryt") == "Cancel", i18n.tr("Avbryt")
        i18n.install_language(app, "sv")
        app.sendPostedEvents(None, qt_core.QEvent.Type.DeferredDelete)  # the English ones
        assert loaded() == ["qtbase_sv.qm"], loaded()
        assert app.translate("QPlatformTheme", "Cancel") != "Cancel", "qtbase_sv is empty"
        return ", ".join(english)

    attempt("översättningarna", translator)

    def icu() -> str:
        # ICU's data in the bundle is cut to Swedish, English and root (scripts/bundle.py).
        qt_core = importlib.import_module("PySide6.QtCore")
        swedish = qt_core.QLocale("sv_SE")
        collator = qt_core.QCollator(swedish)
        words = sorted(["ö", "Zorn", "å", "ä", "a", "Åsa"], key=collator.sortKey)
        assert words == ["a", "Zorn", "å", "Åsa", "ä", "ö"], words
        assert swedish.toUpper("straße") == "STRASSE"
        zone = qt_core.QTimeZone(b"Europe/Stockholm")
        kind = qt_core.QTimeZone.TimeType.StandardTime
        name = zone.displayName(kind, qt_core.QTimeZone.NameType.LongName, swedish)
        assert name == "centraleuropeisk normaltid", name
        assert qt_core.QStringDecoder("windows-1252").isValid()
        return f"{' '.join(words)}; {name}"

    attempt("ICU (sortering, versaler, tidszoner)", icu)

    def resources() -> str:
        from importlib.resources import files

        # As the UI reads them: by a path (``ui/application.py``).
        res = importlib.import_module("kawebb_desktop.ui.application").RESOURCES
        assert res.is_dir() and files("kawebb_desktop.resources").is_dir(), res
        wanted = ["style.qss", "icons/kawebb.svg", "icons/magnifier.svg", "icons/cross.svg"]
        wanted += [
            f"bankid/{p.name}" for p in res.joinpath("bankid").iterdir() if p.name.endswith(".pem")
        ]
        assert len(wanted) > 4, "no BankID certificates"
        for name in wanted:
            assert res.joinpath(name).is_file(), name
        migrations = files("kawebb_desktop.store.sql").joinpath("migrations", "versions")
        count = sum(1 for p in migrations.iterdir() if p.name.endswith(".py"))
        assert count > 0, "no migrations"
        return f"{len(wanted)} filer, {count} migreringar"

    attempt("resurserna", resources)

    report = "\n".join(lines + [f"FEL: {p}" for p in problems])
    (out / "report.txt").write_text(report + "\n", encoding="utf-8")
    print(report, file=sys.stderr)
    return 1 if problems else 0


if os.environ.get("KAWEBB_BUNDLE_CHECK"):
    status = _check(os.environ["KAWEBB_BUNDLE_CHECK"])
    sys.stderr.flush()
    os._exit(status)
