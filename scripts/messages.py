#!/usr/bin/env python
"""`make messages`: regenerate the translation catalogues in locale/ and compile them.

1. `manage.py makemessages` extracts every marked string (Python and templates) into
   locale/id and locale/en, keeping the Indonesian translations that already exist
   (a changed source string comes back as "fuzzy", with its old translation and the
   previous msgid, for a translator to check).
2. The English catalogue is rebuilt from the extracted template with `msgen`: the
   msgids are the English text, so every msgstr is its msgid (msgstr[0]/msgstr[1] are
   msgid/msgid_plural). Never edit locale/en by hand.
3. The headers are set (Language, UTF-8, Plural-Forms), and `compilemessages` writes
   the .mo files.

Running it twice changes nothing: when only the POT-Creation-Date would change, the
previous file is kept. Afterwards it prints how many Indonesian messages still need a
translator; `--check` makes that a failure (exit status 1).

Usage: .venv/bin/python scripts/messages.py [--check]
"""

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LANGUAGES = ("id", "en")
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgen", "msgfmt")
# Shared with sigap/lib/tests/test_translations.py, which extracts the same way.
IGNORE = (".venv", "staticfiles", "var", "node_modules")
MAKEMESSAGES_OPTIONS = ("--no-location", "--no-obsolete", *(f"--ignore={pattern}" for pattern in IGNORE))

HEADER_COMMENTS = {
    "id": (
        "# Sigap: terjemahan Bahasa Indonesia (bahasa utama antarmuka).",
        "# Dibuat ulang oleh scripts/messages.py; terjemahkan setiap msgstr yang kosong",
        '# dan periksa setiap entri "fuzzy", lalu jalankan skrip itu lagi.',
        "# This file is distributed under the same license as Sigap (AGPL-3.0-or-later).",
    ),
    "en": (
        "# Sigap: English. The msgids are the English text; this file is generated",
        "# from them by scripts/messages.py. Do not edit it by hand.",
        "# This file is distributed under the same license as Sigap (AGPL-3.0-or-later).",
    ),
}
HEADER_FIELDS = {
    "id": {
        "Language": "id",
        "Language-Team": "Indonesian",
        "Plural-Forms": "nplurals=1; plural=0;",
    },
    "en": {
        "Language": "en",
        "Language-Team": "English",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    },
}
FIELD_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
PLACEHOLDER_DATE = "YEAR-MO-DA HO:MI+ZONE"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(
            [str(arg) for arg in args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stdout + error.stderr)
        raise SystemExit(f"{Path(str(args[0])).name} {args[1]} failed (exit status {error.returncode})") from None
    return result


def manage(*args: str) -> None:
    # The development defaults: production settings refuse to start without real secrets.
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    env.setdefault("DATABASE_URL", "sqlite://:memory:")
    result = run(sys.executable, "manage.py", *args, env=env)
    if result.stderr.strip():
        sys.stderr.write(result.stderr)


def split_header(text: str) -> tuple[list[str], list[str], str]:
    """The header entry's comment lines, its msgstr lines, and the rest of the file."""
    head, separator, rest = text.partition("\n\n")
    lines = head.splitlines()
    start = lines.index('msgid ""')
    if lines[start + 1] != 'msgstr ""':
        raise SystemExit("unexpected header entry in a catalogue")
    return lines[:start], lines[start + 2 :], separator + rest


def header_fields(msgstr_lines: list[str]) -> dict[str, str]:
    # The header has no escapes besides \n (msgmerge may wrap a long field over lines).
    joined = "".join(line[1:-1] for line in msgstr_lines).replace('\\"', '"')
    fields = {}
    for item in joined.split("\\n"):
        if item.strip():
            key, _, value = item.partition(":")
            fields[key.strip()] = value.strip()
    return fields


def set_header(text: str, language: str) -> str:
    _, msgstr_lines, rest = split_header(text)
    fields = header_fields(msgstr_lines)
    fields.update(HEADER_FIELDS[language])
    fields["Project-Id-Version"] = "Sigap"
    fields["Report-Msgid-Bugs-To"] = ""
    fields["MIME-Version"] = "1.0"
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields["Content-Transfer-Encoding"] = "8bit"
    if language == "en":
        fields["PO-Revision-Date"] = fields.get("POT-Creation-Date", "")
        fields["Last-Translator"] = "scripts/messages.py"
    else:
        if fields.get("PO-Revision-Date", PLACEHOLDER_DATE) == PLACEHOLDER_DATE:
            fields["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
        if fields.get("Last-Translator", "").startswith("FULL NAME"):
            fields["Last-Translator"] = "Sigap"
    ordered = [key for key in FIELD_ORDER if key in fields] + sorted(set(fields) - set(FIELD_ORDER))
    header = [
        *HEADER_COMMENTS[language],
        'msgid ""',
        'msgstr ""',
        *(f'"{key}: {fields[key]}\\n"' for key in ordered),
    ]
    return "\n".join(header) + rest


def without_creation_date(text: str) -> str:
    return re.sub(r'^"(POT-Creation-Date|PO-Revision-Date):.*\\n"$', "", text, flags=re.MULTILINE)


def regenerate() -> None:
    before = {
        language: po_path(language).read_text(encoding="utf-8") for language in LANGUAGES if po_path(language).exists()
    }
    pot = LOCALE_DIR / "django.pot"
    try:
        manage("makemessages", *(f"--locale={language}" for language in LANGUAGES), "--keep-pot", *MAKEMESSAGES_OPTIONS)
        if not pot.exists():
            raise SystemExit("makemessages found no translatable strings")
        # English: every msgstr is its msgid, straight from the template (so a reworded
        # string can never keep an old, fuzzy-matched English text).
        run("msgen", "--lang=en", "-o", po_path("en"), pot)
    finally:
        pot.unlink(missing_ok=True)

    for language in LANGUAGES:
        path = po_path(language)
        text = set_header(path.read_text(encoding="utf-8"), language)
        old = before.get(language)
        if old is not None and without_creation_date(old) == without_creation_date(text):
            text = old  # nothing but the dates changed: keep the file as it was
        path.write_text(text, encoding="utf-8")

    for language in LANGUAGES:
        # compilemessages skips a .mo that looks newer than its .po; always compile.
        po_path(language).with_suffix(".mo").unlink(missing_ok=True)
    manage("compilemessages", *(f"--locale={language}" for language in LANGUAGES), *(f"--ignore={p}" for p in IGNORE))


def statistics(language: str) -> str:
    result = run("msgfmt", "--statistics", "-o", os.devnull, po_path(language))
    return result.stderr.strip()


def main() -> int:
    check = "--check" in sys.argv[1:]
    missing = [tool for tool in GETTEXT_TOOLS if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"GNU gettext is needed ({', '.join(missing)} not found): apt-get install gettext")
    regenerate()
    for language in LANGUAGES:
        print(f"{po_path(language).relative_to(ROOT)}: {statistics(language)}")
    todo = []
    for selection in ("--untranslated", "--only-fuzzy"):
        output = run("msgattrib", selection, "--no-wrap", po_path("id")).stdout
        todo += [f"{selection[2:]}: {msgid}" for msgid in re.findall(r'^msgid "(.+)"$', output, flags=re.MULTILINE)]
    if todo:
        print(f"\n{len(todo)} Indonesian message(s) need a translator, in {po_path('id').relative_to(ROOT)}:")
        print("\n".join(f"  {line}" for line in todo))
        print("Translate them (and remove the fuzzy flags), then run this script again.")
        return 1 if check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
