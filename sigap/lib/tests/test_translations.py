"""The translation catalogues in locale/: complete, in step with the code, compiled.

Bahasa Indonesia is the default language of every page; the msgids are the English
text. `scripts/messages.py` (make messages) regenerates both catalogues and the .mo
files; these tests fail when someone forgot to run it or left a message untranslated.
"""

import gettext
import importlib.util
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import is_ignored_path
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
LANGUAGES = ("id", "en")
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
EXTENSIONS = {".py", ".html", ".txt"}  # what makemessages reads for the django domain


def load_regeneration_script():
    """scripts/messages.py, for the exact options it extracts with."""
    spec = importlib.util.spec_from_file_location("sigap_messages_script", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A tiny PO reader: enough for what xgettext, msgmerge and msgen write.


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        return repr(self.msgid) if self.msgctxt is None else f"{self.msgctxt!r} {self.msgid!r}"


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match[1], match[1]), text)


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the other (non-obsolete) entries of a .po file."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None
    started = False

    def finish():
        nonlocal entry, current, started
        if started and not entry.obsolete:
            entries.append(entry)
        entry, current, started = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = started = True
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, value = match[1], match[2], unescape(match[3])
            if keyword.startswith("msgstr"):
                current = ("msgstr", int(index or 0))
                entry.msgstr[current[1]] = value
            else:
                current = (keyword, 0)
                setattr(entry, keyword, value)
            started = True
        elif line.startswith('"') and line.endswith('"') and current:
            value = unescape(line[1:-1])
            if current[0] == "msgstr":
                entry.msgstr[current[1]] += value
            else:
                setattr(entry, current[0], getattr(entry, current[0]) + value)
        else:
            raise AssertionError(f"{path}:{number}: cannot read this line: {raw!r}")
    finish()
    if not entries or entries[0].msgid != "" or entries[0].msgctxt is not None:
        raise AssertionError(f"{path} has no header entry")
    return entries[0], entries[1:]


def header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def catalogue(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalogue(language: str) -> tuple[Entry, list[Entry]]:
    path = catalogue(language)
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run scripts/messages.py (make messages)")
    return parse_po(path)


PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str, flags: set[str]) -> list[str]:
    """The placeholders xgettext flagged the message for (as msgfmt --check-format sees them)."""
    found = []
    if "python-format" in flags:
        found += [match[0] for match in PERCENT_PLACEHOLDER.finditer(text) if match[0] != "%%"]
    if "python-brace-format" in flags:
        found += [match[0] for match in BRACE_PLACEHOLDER.finditer(text)]
    return sorted(found)


# The tests.


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_header_names_its_language_utf8_and_plural_forms(language):
    header, _ = read_catalogue(language)
    fields = header_fields(header)
    assert fields.get("Language") == language
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS[language]
    assert "fuzzy" not in header.flags


def test_every_message_has_an_indonesian_and_an_english_translation():
    problems = []
    for language in LANGUAGES:
        _, entries = read_catalogue(language)
        assert entries, f"{language}: the catalogue is empty"
        forms = 1 if language == "id" else 2
        for entry in entries:
            expected = forms if entry.msgid_plural is not None else 1
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy (check the translation, then remove the flag): {entry}")
            elif sorted(entry.msgstr) != list(range(expected)) or not all(entry.msgstr.values()):
                problems.append(f"{language}: untranslated: {entry}")
    assert not problems, "\n".join(problems)


def test_the_english_text_is_the_msgid_itself():
    _, entries = read_catalogue("en")
    wrong = []
    for entry in entries:
        expected = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        if [entry.msgstr.get(index) for index in range(len(expected))] != expected:
            wrong.append(str(entry))
    assert not wrong, "locale/en is generated from the msgids; run scripts/messages.py:\n" + "\n".join(wrong)


def test_indonesian_translations_keep_every_placeholder():
    _, entries = read_catalogue("id")
    wrong = []
    for entry in entries:
        # One Indonesian form serves every number, so it carries the plural's placeholders.
        source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        translation = entry.msgstr.get(0, "")
        expected, got = placeholders(source, entry.flags), placeholders(translation, entry.flags)
        if translation and expected != got:
            wrong.append(f"{entry}: {expected} became {got} in {translation!r}")
    assert not wrong, "\n".join(wrong)


def test_both_catalogues_hold_the_same_messages():
    _, indonesian = read_catalogue("id")
    _, english = read_catalogue("en")
    assert [entry.key for entry in indonesian] == [entry.key for entry in english]


def copy_translatable_sources(target: Path, ignore: tuple[str, ...]) -> None:
    """The files makemessages reads, in the same folders, without locale/ (where it would
    write) and the folders it ignores."""
    patterns = [*ignore, "CVS", ".*", "*~", "*.pyc", "__pycache__"]  # makemessages adds the first four
    for folder, subfolders, files in os.walk(ROOT):
        relative = Path(folder).relative_to(ROOT)
        subfolders[:] = [
            name
            for name in subfolders
            if not is_ignored_path(os.path.normpath(relative / name), patterns) and (relative / name) != Path("locale")
        ]
        for name in files:
            if Path(name).suffix in EXTENSIONS:
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(folder) / name, target / relative / name)


def test_catalogues_cover_every_string_in_the_code(tmp_path, monkeypatch):
    missing_tools = [tool for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib") if not shutil.which(tool)]
    if missing_tools:
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing_tools)} not found): apt-get install gettext")
    script = load_regeneration_script()
    copy_translatable_sources(tmp_path, script.IGNORE)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", "--locale=id", *script.MAKEMESSAGES_OPTIONS, verbosity=0)
    _, extracted = parse_po(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po")
    in_code = {entry.key for entry in extracted}
    for language in LANGUAGES:
        _, entries = read_catalogue(language)
        committed = {entry.key for entry in entries}
        new = sorted(str(key) for key in in_code - committed)
        gone = sorted(str(key) for key in committed - in_code)
        assert not new and not gone, (
            f"locale/{language} is out of step with the code; run scripts/messages.py (make messages).\n"
            f"Not in the catalogue: {new}\nNo longer in the code: {gone}"
        )


def without_creation_date(header: str) -> str:
    # msgfmt leaves POT-Creation-Date out of the .mo (gettext 0.20 and later).
    return "".join(line for line in header.splitlines(keepends=True) if not line.startswith("POT-Creation-Date:"))


def expected_compiled_catalogue(language: str) -> dict:
    """What msgfmt writes for the .po: the header and every translated, non-fuzzy entry,
    keyed the way gettext.GNUTranslations reads them back."""
    header, entries = read_catalogue(language)
    expected = {"": without_creation_date(header.msgstr.get(0, ""))}
    for entry in entries:
        if "fuzzy" in entry.flags or not entry.msgstr or not all(entry.msgstr.values()):
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
    return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogues_are_up_to_date(language):
    mo_path = catalogue(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: run scripts/messages.py (make messages)"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    compiled[""] = without_creation_date(compiled.get("", ""))
    assert compiled == expected_compiled_catalogue(language), (
        f"{mo_path.relative_to(ROOT)} does not match its .po: run scripts/messages.py (make messages)"
    )
