import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def variables_read_by_settings() -> set[str]:
    source = (ROOT / "sigap/settings.py").read_text()
    return set(re.findall(r'env(?:_int|_bool|_list)?\("([A-Z][A-Z0-9_]+)"', source))


def test_every_environment_variable_is_in_the_settings_docs_and_the_example_file():
    variables = variables_read_by_settings()
    docs = (ROOT / "docs/settings.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert {v for v in variables if v not in docs} == set()
    assert {v for v in variables if not re.search(rf"^#?\s*{v}=", example, re.M)} == set()
