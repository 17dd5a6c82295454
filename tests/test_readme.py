"""The README's commands are the ones a newcomer types: each `make` target it
names exists, and it opens with the two commands that set everything up."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    readme = _readme()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert [line.split()[:2] for line in first_block.splitlines() if line] == [
        ["make", "run"],
        ["make", "test"],
    ]
    # Stopping, resetting the demo and upgrading after a pull are explained.
    for words in ("Ctrl+C", "make reset", "make upgrade", "After pulling new code"):
        assert words in readme


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"`make ([a-z][a-z-]*)", _readme()))
    assert {"run", "test", "reset", "upgrade"} <= targets
    for target in sorted(targets):
        # -n: print what the target would do without doing it; an unknown
        # target fails with "No rule to make target".
        done = subprocess.run(
            ["make", "-n", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "No rule to make target" not in done.stderr, target
