"""User alias files (`--aliases FILE`): force or forbid that two names are one entity.

::

    # aliases.yaml
    same:                      # these names are the entity on the right
      Facebook: Meta
      Meta Platforms: Meta
    different:                 # never merged, never suggested as one
      - [Apple, Apple Records]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storygraph.errors import ArticleError, InputError
from storygraph.readers.files import open_input
from storygraph.readers.yamlload import YAML_ERRORS, load_yaml

__all__ = ["MAX_ALIAS_BYTES", "Aliases", "load_aliases"]

#: The largest alias file read (a list of names is a few kilobytes).
MAX_ALIAS_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Aliases:
    """Names forced together (``same``) and pairs kept apart (``different``), case-blind."""

    same: dict[str, str] = field(default_factory=dict)
    different: frozenset[frozenset[str]] = frozenset()
    names: tuple[str, ...] = ()  # the ``same`` names as written, to find them in text

    def canonical(self, name: str) -> str:
        """The name an entity called ``name`` must have."""
        return self.same.get(name.lower(), name)

    def allows(self, a: str, b: str) -> bool:
        """False when the user said ``a`` and ``b`` are different things."""
        return frozenset((a.lower(), b.lower())) not in self.different


def load_aliases(path: str | Path) -> Aliases:
    """Read an alias file (YAML).

    Raises:
        InputError: the file is missing or not in the documented shape.
    """
    p = Path(path)
    try:
        with open_input(p) as fh:  # never waits for ever on a named pipe
            raw = fh.read(MAX_ALIAS_BYTES + 1)
        if len(raw) > MAX_ALIAS_BYTES:
            raise InputError(f"the alias file {p} is over {MAX_ALIAS_BYTES:,} bytes")
        data = load_yaml(raw.decode("utf-8")) or {}
    except ArticleError as exc:
        raise InputError(f"cannot read the alias file {p}: {exc}") from exc
    except OSError as exc:
        raise InputError(f"cannot read the alias file {p}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{p} is not UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{p} is not valid YAML: it is nested too deeply") from exc
    except YAML_ERRORS as exc:
        raise InputError(f"{p} is not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict) or set(data) - {"same", "different"}:
        raise InputError(f"{p}: expected a mapping with the keys 'same' and 'different'")
    same = data.get("same") or {}
    different = data.get("different") or []
    if not isinstance(same, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in same.items()
    ):
        raise InputError(f"{p}: 'same' must map names to names, e.g. 'Facebook: Meta'")
    if not isinstance(different, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) for n in pair)
        for pair in different
    ):
        raise InputError(
            f"{p}: 'different' must be a list of name pairs, e.g. [Apple, Apple Records]"
        )
    return Aliases(
        same={k.lower(): v for k, v in same.items()},
        different=frozenset(frozenset(n.lower() for n in pair) for pair in different),
        names=tuple(same),
    )
