"""What the wheel and the packaged app must carry: every package, the migrations and
the resources the UI asks for."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import tomllib
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def _setuptools() -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools: dict[str, Any] = config["tool"]["setuptools"]
    return setuptools


def _resource_folders() -> dict[str, Path]:
    """resources/ and each folder in it, by the package name it installs as."""
    folders = {"kawebb_desktop.resources": RESOURCES}
    for folder in RESOURCES.rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__":
            name = ".".join(("kawebb_desktop.resources", *folder.relative_to(RESOURCES).parts))
            folders[name] = folder
    return folders


def test_every_package_is_listed_for_setuptools() -> None:
    """Every package, and every folder of resources/ (setuptools warns about each folder
    of data files that is not listed: Python could import it as a namespace package)."""
    listed = set(_setuptools()["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kawebb_desktop").rglob("__init__.py")
    }
    assert on_disk | set(_resource_folders()) == listed


def test_every_resource_file_goes_into_the_wheel() -> None:
    """Whatever a folder of resources/ holds is packaged, but code (packaged as such) and
    the README.md that says what a folder is for."""
    package_data: dict[str, list[str]] = _setuptools()["package-data"]
    for package, folder in _resource_folders().items():
        for path in folder.iterdir():
            if path.is_file() and path.suffix not in (".py", ".pyc") and path.name != "README.md":
                patterns = package_data.get(package, [])
                assert any(fnmatch(path.name, p) for p in patterns), path.relative_to(ROOT)


def test_the_resources_the_ui_uses_are_there() -> None:
    resources = files("kawebb_desktop.resources")
    for name in ("style.qss", "icons/magnifier.svg", "icons/cross.svg", "icons/kawebb.svg"):
        assert resources.joinpath(name).is_file(), name
    ui_code = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "kawebb_desktop" / "ui").rglob("*.py")
    )
    for used in ("magnifier", "cross", "kawebb"):
        assert f'icon("{used}")' in ui_code


# --------------------------------------------------------------------------- the bundle
# build.spec leaves out what scripts/bundle.py lists; these check that nothing the app
# imports is among it. With KAWEBB_FROZEN_APP=dist/kawebb/kawebb (make frozen, make dist)
# the tests below them run the packaged program itself.


def _bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "scripts" / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _bundle()

#: Imports of left-out modules that the app makes only where they may fail: the server's
#: command (``kawebb serve``), added when the server can be imported.
GUARDED = {("kawebb_desktop.cli", "kawebb_desktop.server.cli")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, anywhere in it (functions too), but under
    ``if TYPE_CHECKING:``; ``from a import b`` counts as ``a`` and ``a.b``."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for branch in node.orelse:
                visit(branch)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def _left_out(name: str) -> bool:
    return any(name == e or name.startswith(f"{e}.") for e in bundle.PYTHON_EXCLUDES)


def test_the_import_finder_sees_imports_in_functions_and_relative_ones() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import mypy\n"
        "def f():\n    import pydantic.fields\n    from .sibling import x\n"
    )
    found = imported_modules(source, "kawebb_desktop.ui.views")
    assert {"pydantic.fields", "kawebb_desktop.ui.sibling", "kawebb_desktop.ui.sibling.x"} <= found
    assert "mypy" not in found
    assert _left_out("pydantic.fields") and not _left_out("pydanticx")


def test_the_bundle_leaves_out_nothing_the_app_imports() -> None:
    modules = bundle.app_modules()
    assert "kawebb_desktop.ui.main_window" in modules and "kawebb_desktop.__main__" not in modules
    assert not any(m.startswith("kawebb_desktop.server") for m in modules)
    missing = []
    for module in modules:
        path = ROOT.joinpath(*module.split("."))
        is_package = path.is_dir()
        source = (path / "__init__.py" if is_package else path.with_suffix(".py")).read_text(
            encoding="utf-8"
        )
        for name in imported_modules(source, module, is_package):
            guarded = any(
                module == m and (name == g or name.startswith(f"{g}.")) for m, g in GUARDED
            )
            if _left_out(name) and not guarded:
                missing.append(f"{module} imports {name}")
    assert not missing, missing


def test_the_qt_files_the_app_loads_are_kept() -> None:
    qt = "PySide6/Qt"
    for kept in (
        f"{qt}/translations/qtbase_sv.qm",
        f"{qt}/translations/qtbase_en.qm",
        f"{qt}/plugins/platforms/libqxcb.so",
        f"{qt}/plugins/platforms/libqwayland.so",
        f"{qt}/plugins/platforms/libqoffscreen.so",
        f"{qt}/plugins/imageformats/libqsvg.so",
        f"{qt}/plugins/iconengines/libqsvgicon.so",
        f"{qt}/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/translations/qtbase_sv.qm",
    ):
        assert not bundle.is_unused_qt_file(kept), kept
    for dropped in (
        f"{qt}/translations/qtbase_de.qm",
        f"{qt}/translations/qt_sv.qm",
        f"{qt}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{qt}/plugins/imageformats/libqpdf.so",
        f"{qt}/plugins/platforms/libqeglfs.so",
        "PySide6/plugins/imageformats/qpdf.dll",
        "PySide6/translations/qtbase_de.qm",
    ):
        assert bundle.is_unused_qt_file(dropped), dropped
    assert not bundle.is_resource_source("kawebb_desktop/resources/translations/kawebb_en.qm")
    assert bundle.is_resource_source("kawebb_desktop/resources/translations/kawebb_en_views.ts")
    assert not bundle.is_resource_source("kawebb_desktop/resources/__init__.py")
    assert bundle.is_resource_source("kawebb_desktop\\resources\\README.md")
    assert not bundle.is_resource_source("PySide6/README.md")


def test_icu_keeps_what_qt_asks_for_in_swedish_and_english() -> None:
    for kept in (
        "root.res", "pool.res", "res_index.res", "likelySubtags.res", "zoneinfo64.res",
        "metaZones.res", "cnvalias.icu", "sv.res", "sv_SE.res", "en_SE.res", "en_150.res",
        "coll/root.res", "coll/sv.res", "coll/ucadata.icu", "coll/pool.res",
        "zone/sv.res", "zone/en_001.res", "nfkc.nrm",
    ):  # fmt: skip
        assert bundle.keep_icu_item(kept, 1000), kept
    assert bundle.keep_icu_item("ibm-5348_P100-1997.cnv", 10_000)  # windows-1252
    for dropped in ("de.res", "coll/zh.res", "zone/fi_FI.res", "brkitr/sv.res", "translit/root.res",
                    "unames.icu", "coll/de_.res"):  # fmt: skip
        assert not bundle.keep_icu_item(dropped, 1000), dropped
    assert not bundle.keep_icu_item("gb18030.cnv", 232_816)


def test_only_libraries_something_kept_needs_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    needs = {
        "src/_ext.so": ["libA.so.1"],
        "src/libA.so.1": ["libB.so.2"],
        "src/libB.so.2": [],
        "src/libqxcb.so": ["libC.so"],
        "src/libC.so": [],
        "src/libQuick.so": ["libB.so.2"],
    }
    monkeypatch.setattr(bundle, "needed_libraries", lambda path: needs[path])
    binaries = [
        ("pkg/_ext.cpython-311-x86_64-linux-gnu.so", "src/_ext.so", "EXTENSION"),
        ("libA.so.1", "src/libA.so.1", "BINARY"),
        ("PySide6/Qt/lib/libB.so.2", "src/libB.so.2", "BINARY"),
        ("libB.so.2", "PySide6/Qt/lib/libB.so.2", "SYMLINK"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
        ("libC.so", "src/libC.so", "BINARY"),
        ("PySide6/Qt/lib/libQuick.so", "src/libQuick.so", "BINARY"),
    ]
    kept = {dest for dest, _src, _type in bundle.prune_unreachable(binaries)}
    assert kept == {b[0] for b in binaries} - {"PySide6/Qt/lib/libQuick.so"}


FROZEN_APP = os.environ.get("KAWEBB_FROZEN_APP")
frozen = pytest.mark.skipif(
    not FROZEN_APP, reason="the packaged app: KAWEBB_FROZEN_APP=dist/kawebb/kawebb (make frozen)"
)
#: The one-folder bundle's ceiling (issue 12).
MAX_BUNDLE_BYTES = 150_000_000


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert FROZEN_APP
    return subprocess.run(
        [str(Path(FROZEN_APP).resolve()), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=300,
    )


@frozen
def test_the_packaged_app_carries_no_run_time_hook_it_does_not_need() -> None:
    """PyInstaller's hook for multiprocessing would import it at every start (build.spec)."""
    from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]

    assert FROZEN_APP
    entries = CArchiveReader(str(Path(FROZEN_APP).resolve())).toc
    assert "pyi_rth_pyside6" in entries  # the hooks are where this looks
    assert "pyi_rth_multiprocessing" not in entries


@frozen
def test_the_modules_of_the_first_paint_are_files_and_the_backends_in_the_archive() -> None:
    """bundle.MODULE_COLLECTION_MODE: what the login window needs is read by Python's own
    importer (faster than the archive's), the rest stays compressed."""
    assert FROZEN_APP
    package = Path(FROZEN_APP).resolve().parent / "_internal" / "kawebb_desktop"
    for early in ("cli.pyc", "settings.pyc", "ui/main_window.pyc", "ui/views/login_start.pyc"):
        assert (package / early).is_file(), early
    assert not (package / "services").exists()
    assert not (package / "store" / "sql" / "repositories.pyc").exists()


@frozen
def test_the_packaged_app_imports_every_module_and_loads_its_files(tmp_path: Path) -> None:
    modules = bundle.app_modules()
    (tmp_path / "modules.txt").write_text("\n".join(modules), encoding="utf-8")
    done = _run(env={"KAWEBB_BUNDLE_CHECK": str(tmp_path)})
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert done.returncode == 0, report
    assert report.count("ok: import ") == len(modules)
    for part in ("Excel-export (openpyxl)", "översättningarna", "ICU", "resurserna"):
        assert f"ok: {part}" in report, report


@frozen
@pytest.mark.parametrize(("language", "tab"), [("sv", "Statusöversikt"), ("en", "Status overview")])
def test_the_packaged_app_logs_in_and_opens_every_tab(
    tmp_path: Path, language: str, tab: str
) -> None:
    done = _run("--smoke-test", "--language", language, "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "röktest ok" in done.stdout and tab in done.stdout, done.stdout


@frozen
def test_the_packaged_app_verifies_a_real_bankid_receipt(tmp_path: Path) -> None:
    """signxml and lxml in the bundle: ``kawebb receipt verify`` of a receipt whose
    signature is in BankID's XMLDSig format (a throw-away CA as BankID's root)."""
    import dataclasses

    from cryptography.hazmat.primitives import serialization
    from sqlalchemy import text

    from kawebb_desktop.domain import audit_chain
    from kawebb_desktop.store.sql.store import open_store
    from tests.unit.signing.bankid_shaped import make_ocsp, make_pki, make_signature
    from tests.unit.signing.test_bankid_signature import b64, rewritten

    assert _run("demo", "--data-dir", str(tmp_path), "--cases", "2").returncode == 0
    store = open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")

    with store.engine.begin() as connection:
        # The newest: signed while the throw-away certificates are valid (2025-2030).
        number = connection.execute(
            text("SELECT id FROM receipts ORDER BY signed_at DESC LIMIT 1")
        ).scalar_one()
    with store.unit_of_work() as uow:
        signer = uow.receipts.get(number)
    assert signer is not None
    given, surname = signer.signer_name.split(" ", 1)
    pki = make_pki(signer.signer_personnummer.value, given, surname)
    ca = tmp_path / "root.pem"
    ca.write_bytes(pki.root.certificate.public_bytes(serialization.Encoding.PEM))

    def sign(digest: str | None = None) -> None:
        with store.unit_of_work() as uow:
            receipt = uow.receipts.get(number)
        assert receipt is not None
        signature = make_signature(pki, receipt.summary, receipt.digest)
        if digest is not None:
            signature = rewritten(signature, b64(receipt.digest), b64(digest))
        ocsp = make_ocsp(pki, signature, at=receipt.signed_at)
        changed = dataclasses.replace(receipt, signature=signature, ocsp_response=ocsp)
        with store.engine.begin() as connection:
            for operation in ("update", "delete"):
                connection.execute(text(f"DROP TRIGGER IF EXISTS receipts_no_{operation}"))
            connection.execute(
                text(
                    "UPDATE receipts SET signature = :s, ocsp_response = :o, hash = :h "
                    "WHERE id = :n"
                ),
                {
                    "n": number,
                    "s": signature,
                    "o": ocsp,
                    "h": audit_chain.receipt_hash(changed, receipt.chain_seq, receipt.prev_hash),
                },
            )

    try:
        sign()
        verified = _run(
            "receipt", "verify", str(number), "--data-dir", str(tmp_path), "--ca", str(ca)
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "giltig BankID-signatur" in verified.stdout, verified.stdout
        sign(digest="0" * 64)
        refused = _run(
            "receipt", "verify", str(number), "--data-dir", str(tmp_path), "--ca", str(ca)
        )
        assert refused.returncode == 1, refused.stdout + refused.stderr
    finally:
        store.close()


@frozen
def test_the_one_folder_bundle_stays_under_its_ceiling() -> None:
    assert FROZEN_APP
    folder = Path(FROZEN_APP).resolve().parent
    if not (folder / "_internal").is_dir():
        pytest.skip("a one-file program (make dist); the ceiling is the one folder's")
    size = sum(p.lstat().st_size for p in folder.rglob("*"))
    assert size < MAX_BUNDLE_BYTES, f"{size / 1e6:.1f} MB"
