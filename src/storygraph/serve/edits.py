"""The only changes the workbench makes, and only when started with ``--allow-edits``:
accepting or rejecting a merge suggestion, and SPARQL updates on ``/sparql``.

A decision is written twice: to the user's alias file (``same:`` for an accepted merge,
``different:`` for a rejected one), so that the next ``storygraph link --aliases FILE`` or
ingest makes the same decision, and to the store at once: the suggestion leaves the
candidates graph, and an accepted merge becomes ``owl:sameAs`` in the graph of the user's
decisions (:data:`EDITS_GRAPH`), with a ``sg:StoryLink`` saying who decided. Each change opens
the store for writing for as long as it takes (waiting for a running ingest to finish).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from storygraph.errors import InputError
from storygraph.query import run_update
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal, nt
from storygraph.rdf.vocab import ID, PREFIXES, SG
from storygraph.readers.yamlload import YAML_ERRORS, load_yaml
from storygraph.store import EmbeddedStore, Store, open_store

__all__ = ["EDITS_GRAPH", "Decision", "decide_candidate", "run_edit_update"]

#: The named graph of the merges the user accepted in the workbench.
EDITS_GRAPH = f"{ID}graph/edits"
_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class Decision:
    """What a decision did: the two names and how the alias file now relates them."""

    accepted: bool
    kept: str
    other: str
    alias_file: Path

    def message(self) -> str:
        if self.accepted:
            return (
                f"merged: {self.other!r} is now {self.kept!r} (same: in {self.alias_file}; "
                "owl:sameAs in the store)"
            )
        return f"kept apart: {self.kept!r} and {self.other!r} (different: in {self.alias_file})"


def _writable(location: str) -> Store:
    if location.startswith(("http://", "https://")):
        return open_store(location, create=False)
    return EmbeddedStore(location, create=False, wait=_WAIT_SECONDS)


def _update_alias_file(path: Path, accepted: bool, kept: str, other: str) -> None:
    """Add the decision to the YAML alias file (created when missing; comments are not kept)."""
    data: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = load_yaml(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, *YAML_ERRORS) as exc:
            raise InputError(f"cannot read the alias file {path}: {exc}") from exc
        if not isinstance(loaded, dict):
            raise InputError(f"{path}: expected a mapping with the keys 'same' and 'different'")
        data = loaded
    if accepted:
        same = data.setdefault("same", {}) or {}
        same[other] = kept
        data["same"] = same
    else:
        different = data.setdefault("different", []) or []
        pair = [kept, other]
        if pair not in different and pair[::-1] not in different:
            different.append(pair)
        data["different"] = different
    try:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the alias file {path}: {exc.strerror or exc}") from exc


def _in_union(store: Store, pattern: str) -> str:
    return (
        pattern if store.union_graph is None else f"GRAPH {iri(store.union_graph)} {{ {pattern} }}"
    )


def decide_candidate(
    location: str, candidate: str, *, accept: bool, alias_file: str | Path
) -> Decision:
    """Accept or reject the merge suggestion ``candidate`` (an ``sg:MergeCandidate`` IRI).

    Raises:
        InputError: no such suggestion, or the alias file cannot be read or written.
        StoreLockedError: another process kept the store for more than 10 s.
    """
    c = iri(candidate)
    with _writable(location) as store:
        rows = store.select(
            f"SELECT ?node ?label (COUNT(?m) AS ?n) WHERE {{ {c} a <{SG.MergeCandidate}> ; "
            f"<{SG.mergeCandidate}> ?node . OPTIONAL {{ ?node <{PREFIXES['rdfs']}label> ?label }} "
            f"OPTIONAL {{ ?node <{SG.hasMention}> ?m }} }} GROUP BY ?node ?label"
        )
        if len(rows) != 2:
            raise InputError(f"no merge suggestion {candidate} in the store (was it decided?)")
        ranked = sorted(
            rows,
            key=lambda r: (-int(r["n"]), -len(str(r.get("label", ""))), str(r["node"])),  # type: ignore[call-overload]
        )
        kept, other = ranked
        kept_name = str(kept.get("label", kept["node"]))
        other_name = str(other.get("label", other["node"]))
        path = Path(alias_file)
        _update_alias_file(path, accept, kept_name, other_name)
        if accept:
            existing = store.select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(EDITS_GRAPH)} {{ ?s ?p ?o }} }}"
            )
            triples = [f"{nt(r['s'])} {nt(r['p'])} {nt(r['o'])}" for r in existing]
            a, b = iri(str(kept["node"])), iri(str(other["node"]))
            same_as = iri(PREFIXES["owl"] + "sameAs")
            link = iri(f"{candidate}/accepted")
            triples += [
                f"{a} {same_as} {b}",
                f"{b} {same_as} {a}",
                f"{link} {iri(PREFIXES['rdf'] + 'type')} {iri(SG.StoryLink)}",
                f"{link} {iri(PREFIXES['rdfs'] + 'label')} "
                f"{literal(f'accepted in the workbench ({path.name})')}",
                f"{link} {iri(SG.linkFrom)} {b}",
                f"{link} {iri(SG.linkTo)} {a}",
                f"{link} {iri(SG.rule)} {literal('user/accepted')}",
            ]
            store.write([GraphWrite(EDITS_GRAPH, list(dict.fromkeys(triples)))])
        store.update(
            f"DELETE WHERE {{ GRAPH ?g {{ {c} ?p ?o }} }} ;\n"
            f"DELETE {{ {_in_union(store, f'{c} ?p ?o')} }} WHERE {{ {_in_union(store, f'{c} ?p ?o')} }}"
        )
    return Decision(accept, kept_name, other_name, path)


def run_edit_update(location: str, update: str) -> None:
    """Run a SPARQL update from ``/sparql`` (``--allow-edits`` only), as ``storygraph update``."""
    with _writable(location) as store:
        run_update(store, update)
