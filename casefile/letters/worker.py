"""The child process of `casefile.letters.sandbox`: reads a template and contexts as JSON on
stdin, writes each rendered letter (or the fault) as JSON on stdout. Runs under the limits the
parent set; knows nothing of the database or the app."""

import base64
import json
import sys

from casefile.letters.rendering import LetterFault, render_letter


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    template = base64.b64decode(request["template"])
    results = []
    for context in request["contexts"]:
        try:
            letter = render_letter(template, context)
        except LetterFault as fault:
            results.append({"error": fault.message})
        else:
            results.append({"ok": base64.b64encode(letter).decode("ascii")})
    sys.stdout.write(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
