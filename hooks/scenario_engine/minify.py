"""The site's own scripts and stylesheets as browsers download them: minified.

The sources in ``docs/assets`` keep their comments and layout for the people who maintain them;
the build minifies the copies it publishes. rjsmin and rcssmin remove comments and whitespace
and rename or rewrite nothing, so the code that runs is the code that was reviewed.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIED_SUFFIXES = (".js", ".css")


def minified(text: str, *, suffix: str) -> str:
    """``text`` of a ``.js`` or ``.css`` file without comments or needless whitespace."""
    if suffix == ".js":
        return rjsmin.jsmin(text)
    if suffix == ".css":
        return rcssmin.cssmin(text)
    raise ValueError(f"cannot minify a '{suffix}' file")


def minify_copies(*, sources: Path, copies: Path) -> list[Path]:
    """Minify in place each file under ``copies`` that is a copy of a script or stylesheet under
    ``sources`` (files already named ``*.min.*`` are left alone). Returns the copies minified."""
    done = []
    for source in sorted(sources.rglob("*")):
        if source.suffix not in MINIFIED_SUFFIXES or ".min." in source.name or not source.is_file():
            continue
        copy = copies / source.relative_to(sources)
        if not copy.is_file():  # not published (excluded, or a build that failed before copying)
            continue
        copy.write_text(minified(copy.read_text(encoding="utf-8"), suffix=source.suffix), encoding="utf-8")
        done.append(copy)
    return done
