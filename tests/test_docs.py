"""The README and docs/ name files of the repository; a file renamed or removed must not leave a
doc pointing at nothing (issue 15: docs point only at files that exist)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = "docs|lead|cases|owg|outreach|eligibility|reports|home|demo|tests|scripts|templates|static"
PATH = re.compile(rf"(?<![\w/.-])((?:{TOP})/[\w./-]*\w\.(?:py|md|html|txt|toml|yml|js|css))")


def test_every_file_the_docs_name_exists():
    missing = [
        f"{doc.relative_to(ROOT)}: {path}"
        for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for path in PATH.findall(doc.read_text())
        if not (ROOT / path).exists()
    ]
    assert missing == []
