"""What ``build.spec`` leaves out of the packaged app, and the build steps it runs.

Shared by ``build.spec`` (PyInstaller) and ``tests/unit/test_packaging.py`` (which checks
that nothing the app imports is left out). Measured on Linux (PyInstaller 6.22, PySide6
6.11.3): the one-folder bundle was 291 MB before these cuts; see README, *Bygga programmet*.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]

#: The desktop app's name in the bundle (Windows: the .exe's name, macOS: the .app's).
APP_NAME = "KA Webb"

#: How PyInstaller collects the app's own modules: those loaded before the login
#: window's first paint as compiled files in the folder ("pyc"), which Python's own
#: importer reads (from PyInstaller's compressed archive, "pyz", each takes its
#: importer's lookup and a decompression: ~60 such modules cost the packaged app's
#: first paint ~8-12 ms, the fastest of 20-30 starts); the rest, loaded with the
#: backend after the paint, stay in the archive, which keeps the folder smaller.
MODULE_COLLECTION_MODE = {
    "kawebb_desktop": "pyc",
    **{
        f"kawebb_desktop.{name}": "pyz"
        for name in ("services", "store", "offline", "signing", "remote", "ui.dialogs", "ui.models")
    },
}

#: Python packages the desktop app does not import, that PyInstaller's analysis would
#: pull in all the same (each with why it would come along).
PYTHON_EXCLUDES = (
    # The server (``kawebb serve``) runs from a pip installation with the server extra;
    # ``kawebb_desktop.cli`` leaves its command out when it cannot be imported.
    "kawebb_desktop.server",
    "fastapi",
    "starlette",
    "uvicorn",
    # pydantic (for the server) brings its mypy plugin, hence mypy and ast_serialize.
    "pydantic",
    "pydantic_core",
    "mypy",
    "ast_serialize",
    # httpx's command line and pydantic's error display: rich, pygments, markdown-it.
    "rich",
    "pygments",
    "markdown_it",
    "IPython",
    "numpy",
    # Test tools (anyio names pytest).
    "pytest",
    "_pytest",
    "hypothesis",
    "tkinter",
    # python-stdnum's online checks (the app uses its offline Swedish modules).
    "requests",
    # lxml's other APIs: signxml and openpyxl use lxml.etree.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    # phonenumbers' place names, carriers and time zones: the app only parses, checks
    # and formats numbers (``domain/values.py``), which needs the number plans alone.
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
    # Qt's Python modules the app does not use (QtCharts' hook names the OpenGL ones;
    # the shared libraries the app's Qt modules link to come along regardless).
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtPdf",
    "PySide6.QtSql",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
)

#: Qt plugins (folder/name without the library suffix) the app does not use: the
#: on-screen keyboard (it needs Qt Quick), PDF as an image format (it needs Qt Pdf),
#: GTK's theme (it needs GTK's libraries), and the platforms of embedded devices.
QT_PLUGIN_EXCLUDES = (
    "platforminputcontexts/*virtualkeyboard*",
    "imageformats/*pdf*",
    "platformthemes/*gtk3*",
    "platforms/*eglfs*",
    "platforms/*linuxfb*",
    "platforms/*minimalegl*",
    "platforms/*vnc*",
    "platforms/*vkkhrdisplay*",
    "egldeviceintegrations/*",
    "generic/*",
)

#: Qt's own translations the app loads (``ui/i18n.py``: qtbase for sv_SE and en_SE).
QT_TRANSLATIONS = ("qtbase_sv.qm", "qtbase_en.qm")

#: Data files of packages the app does not read: python-stdnum's registries (IBAN, ISBN
#: and more; its Swedish modules, which the app uses, compute without them).
UNUSED_DATA = ("stdnum/*.dat",)

#: Files of resources/ that are sources, not what the app reads.
#: (Its __init__.py stays: kawebb_desktop.resources is a package on disk in the bundle,
#: so that importlib.resources gives the app a real folder.)
RESOURCE_SOURCES = ("*.ts", "README.md", "*.pyc")


def version() -> str:
    """The version in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(config["project"]["version"])


#: Modules of the app that are not imported as modules: the entry point, and the
#: migration scripts Alembic loads from their files (data files of the bundle).
NOT_IMPORTED = ("kawebb_desktop.__main__", "kawebb_desktop.store.sql.migrations")


def _excluded(module: str, excludes: Iterable[str]) -> bool:
    return any(module == e or module.startswith(f"{e}.") for e in excludes)


def app_modules() -> list[str]:
    """Every module of kawebb_desktop the packaged app can import, from the source tree."""
    package = ROOT / "kawebb_desktop"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not _excluded(name, PYTHON_EXCLUDES + NOT_IMPORTED):
            names.append(name)
    return names


def _posix(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def is_unused_qt_file(dest: str) -> bool:
    """A Qt plugin or translation of :data:`QT_PLUGIN_EXCLUDES`/:data:`QT_TRANSLATIONS`."""
    path = _posix(dest)
    parts = path.parts
    if parts[:1] == ("PySide6",) and "translations" in parts and path.suffix == ".qm":
        return path.name not in QT_TRANSLATIONS
    if "plugins" in parts:
        plugin = PurePosixPath(*parts[parts.index("plugins") + 1 :])
        stem = plugin.with_suffix("") if plugin.suffix in (".so", ".dll", ".dylib") else plugin
        return any(stem.match(pattern) for pattern in QT_PLUGIN_EXCLUDES)
    return False


def is_unused_data(dest: str) -> bool:
    return any(_posix(dest).match(pattern) for pattern in UNUSED_DATA)


def is_resource_source(dest: str) -> bool:
    """A file of the app's resources that is a source (:data:`RESOURCE_SOURCES`)."""
    path = _posix(dest)
    if path.parts[:2] != ("kawebb_desktop", "resources"):
        return False
    return "__pycache__" in path.parts or any(path.match(p) for p in RESOURCE_SOURCES)


def needed_libraries(path: str) -> list[str]:
    """The shared libraries an ELF file names (DT_NEEDED), by file name."""
    from PyInstaller.depend.bindepend import get_imports  # type: ignore[import-untyped]

    return [os.path.basename(name) for name, _path in get_imports(path)]


def prune_unreachable(binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Linux: keep only the shared libraries that something kept needs.

    The roots are what Python or Qt load by themselves: extension modules, Qt plugins
    and libpython. A library only the left-out plugins and modules needed (Qt Quick,
    Qml, Pdf, the virtual keyboard, GTK's cairo and pango) goes with them.
    """
    entries = list(binaries)

    def is_root(dest: str, typecode: str) -> bool:
        path = _posix(dest)
        return (
            typecode == "EXTENSION"
            or "plugins" in path.parts
            or path.name.startswith("libpython")
            or ".cpython-" in path.name
            or path.name.endswith(".abi3.so")
        )

    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in entries:
        by_name.setdefault(_posix(entry[0]).name, []).append(entry)
    visited: set[str] = set()
    todo = [e for e in entries if is_root(e[0], e[2])]
    while todo:
        dest, src, typecode = todo.pop()
        if dest in visited:
            continue
        visited.add(dest)
        if typecode != "SYMLINK":
            todo += [other for lib in needed_libraries(src) for other in by_name.get(lib, ())]
    kept = {_posix(dest).name for dest in visited}
    return [e for e in entries if _posix(e[0]).name in kept]


#: ICU (Linux: the PySide6 wheel's libicudata, 32 MB) keeps the data of these languages
#: (with all their regions) and of the root locale: the UI's Swedish and English.
ICU_LANGUAGES = ("sv", "en")
#: ICU converters larger than this are East Asian multibyte ones; Qt converts UTF-8
#: itself, and asks ICU only for other named encodings (the single-byte ones are kept).
ICU_CONVERTER_MAX_BYTES = 20_000


def keep_icu_item(name: str, size: int) -> bool:
    """Whether the slimmed ICU data keeps ``name`` (as icupkg lists it: ``coll/sv.res``).

    What Qt asks ICU for: collation (QCollator, locale-aware sorting), case mapping with
    a locale, time zone names, and named text encodings. The other locales' data, the
    transliterators, the break iterators (Qt breaks text itself), the character names
    and the confusables go (libQt6Core calls ICU's u_strTo*, ucal_*, ucnv_*, ucol_*)."""
    path = PurePosixPath(name)
    if path.parts[0] in ("translit", "brkitr") or name in (
        "unames.icu",
        "confusables.cfu",
    ):
        return False
    if path.suffix == ".cnv":
        return size <= ICU_CONVERTER_MAX_BYTES
    if path.name in ("res_index.res", "pool.res"):  # each tree's index and shared keys
        return True
    match = re.fullmatch(r"([a-z]{2,3})(_\w*)?\.res", path.name)
    if match:
        return match.group(1) in ICU_LANGUAGES
    return True


def slim_icu_data(library: str, out_dir: Path) -> Path | None:
    """Linux: a libicudata.so.73 with :func:`keep_icu_item`'s part of ``library``'s data
    (ICU's own icupkg takes the data package apart; a C compiler makes the library of
    it, exporting the same symbol). ``None`` when icupkg (Debian: icu-devtools) or cc is
    missing: the bundle then keeps the whole data (30 MB more)."""
    import shutil

    icupkg, cc = shutil.which("icupkg"), shutil.which("cc")
    if not (icupkg and cc and shutil.which("nm") and shutil.which("readelf")):
        print(
            "build.spec: icupkg, cc or binutils missing: ICU's data goes in whole", file=sys.stderr
        )
        return None
    symbols = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", library], check=True, capture_output=True, text=True
    ).stdout.split()
    # "<address> <size> R icudt73_dat": the data package, in .rodata.
    index = next(i for i, word in enumerate(symbols) if re.fullmatch(r"icudt\d+_dat", word))
    symbol, size, address = symbols[index], int(symbols[index - 2], 16), int(symbols[index - 3], 16)
    sections = subprocess.run(
        ["readelf", "-S", "-W", library], check=True, capture_output=True, text=True
    ).stdout
    rodata = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    assert rodata, sections
    offset = address - int(rodata.group(1), 16) + int(rodata.group(2), 16)
    work = out_dir / "icu"
    shutil.rmtree(work, ignore_errors=True)
    (work / "items").mkdir(parents=True)
    package = work / f"{symbol.removesuffix('_dat')}l.dat"
    with open(library, "rb") as lib:
        lib.seek(offset)
        package.write_bytes(lib.read(size))
    listed = subprocess.run(
        [icupkg, "-l", str(package)], check=True, capture_output=True, text=True
    ).stdout.split()
    subprocess.run([icupkg, "-x", "*", "-d", str(work / "items"), str(package)], check=True)
    # The output's file name is the package's name (its items' prefix): the same.
    (work / "slim").mkdir()
    slim = work / "slim" / package.name
    dropped = {n for n in listed if not keep_icu_item(n, (work / "items" / n).stat().st_size)}
    for _attempt in range(5):
        # icupkg refuses to leave an item whose dependency goes: those go too.
        (work / "dropped.txt").write_text("\n".join(sorted(dropped)) + "\n", encoding="utf-8")
        result = subprocess.run(
            [icupkg, "-r", str(work / "dropped.txt"), str(package), str(slim)],
            capture_output=True,
            text=True,
        )
        orphans = set(re.findall(r"Item (\S+) depends on missing item", result.stderr))
        if result.returncode == 0 or not orphans:
            break
        dropped |= orphans
    if result.returncode != 0:
        raise SystemExit(f"build.spec: icupkg failed:\n{result.stderr}")
    package = slim
    source = work / "icudata.S"
    source.write_text(
        f"""    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{package}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack, "", @progbits
""",
        encoding="utf-8",
    )
    soname = os.path.basename(library)
    out = work / soname
    subprocess.run(
        [cc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(source)],
        check=True,
    )
    return out


def make_icons(out_dir: Path) -> dict[str, Path]:
    """The app icon (resources/icons/kawebb.svg) drawn by Qt as .png, .ico and .icns,
    in a separate process (PyInstaller's own must not start a QGuiApplication)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    svg = ROOT / "resources" / "icons" / "kawebb.svg"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("make_icons.py")), str(svg), str(out_dir)],
        check=True,
        env=env,
    )
    icons = {kind: out_dir / f"kawebb.{kind}" for kind in ("png", "ico", "icns")}
    for kind, path in icons.items():
        if not path.is_file():
            raise SystemExit(f"build.spec: Qt did not write the {kind} icon {path}")
    return icons


def windows_version_file(out_dir: Path) -> Path:
    """A Windows version resource (PyInstaller's version-file format) for pyproject's
    version."""
    numbers = [int(part) for part in version().split(".")[:4] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    text = version()
    path = out_dir / "version-info.txt"
    strings = {
        "CompanyName": "KA Webb",
        "FileDescription": APP_NAME,
        "FileVersion": text,
        "InternalName": "kawebb",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": text,
    }
    string_structs = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)},
                    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0,
                    date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041D04B0', [
{string_structs}
    ])]),
    VarFileInfo([VarStruct('Translation', [0x041D, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path
