"""Rendering untrusted (uploaded) templates in a child process bounded in time and memory.

The Jinja sandbox stops a template reaching Python internals, not `{% for i in range(10**9) %}`
or `"a" * 10**9` (SECURITY.md). An uploaded template therefore renders in a fresh Python process
with an address-space and CPU limit (`resource.setrlimit`) and a wall-clock timeout: a hostile
loop kills the child, never the worker serving other users.
"""

import base64
import json
import resource
import signal
import subprocess
import sys

from casefile.letters.rendering import LetterFault

TIME_LIMIT_SECONDS = 20
MEMORY_LIMIT_BYTES = 768 * 1024 * 1024


def _limits() -> None:  # pragma: no cover - runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _too_long(time_limit: float) -> LetterFault:
    return LetterFault(
        f"The template took longer than {time_limit:g} seconds to render (a loop that never "
        "ends?) and was stopped."
    )


def render_bounded(template: bytes, contexts: list[dict], time_limit: float | None = None):
    """Render `template` once per context in a child process; each result is the letter's
    bytes or a `LetterFault`. The whole call is refused if the child exceeds its limits."""
    time_limit = time_limit or TIME_LIMIT_SECONDS
    request = json.dumps(
        {"template": base64.b64encode(template).decode("ascii"), "contexts": contexts}
    )
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "casefile.letters.worker"],
            input=request.encode("utf-8"),
            capture_output=True,
            timeout=time_limit,
            preexec_fn=_limits,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise _too_long(time_limit) from error
    if finished.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_long(time_limit)  # the CPU limit stopped it before the clock did
    if finished.returncode != 0:
        raise LetterFault(
            "The template could not be rendered within the memory and time allowed "
            f"({MEMORY_LIMIT_BYTES // (1024 * 1024)} MB, {time_limit:g} s) and was stopped."
        )
    results = json.loads(finished.stdout)["results"]
    return [base64.b64decode(r["ok"]) if "ok" in r else LetterFault(r["error"]) for r in results]
