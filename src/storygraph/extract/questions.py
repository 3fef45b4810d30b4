"""Open questions: what the story says is not known or was not disclosed.

"The company did not disclose how many …", "It remains unclear whether …": the content is
split at each question word, and linked to the entities and events it is about and to whoever
withheld the answer.
"""

from __future__ import annotations

import re

from storygraph.extract.context import Context, span_of
from storygraph.extract.kinds import declined
from storygraph.extract.lexicon import DISCLOSE
from storygraph.records import Mention, OpenQuestion

__all__ = ["find_questions"]

WH = r"(?:which|what|how|whether|who|whom|when|why|where|if)"
_SPLIT_WH = re.compile(rf",\s*(?:(?:or|and)\s+)?(?={WH}\b)", re.IGNORECASE)
_NEGATION_PATTERNS = re.compile(
    r"\b(?:remains?|is|are|was|were|it's|still)\s+"
    r"(?:unknown|unclear|uncertain|not\s+(?:yet\s+|immediately\s+)?(?:known|clear|certain))\b"
    r"|\bdeclined?\s+to\s+comment\b",
    re.IGNORECASE,
)


def find_questions(ctx: Context) -> None:
    """Fill ``ctx.ext.questions``."""
    parsed = ctx.parsed
    questions: list[OpenQuestion] = []
    seen: set[tuple[int, int]] = set()
    for pb in parsed.body_blocks():
        doc = pb.doc
        for sent in doc.sents:
            verb = None
            for tok in sent:
                if (
                    tok.pos_ == "VERB"
                    and tok.lemma_.lower() in DISCLOSE
                    and (any(c.dep_ == "neg" for c in tok.children) or declined(tok))
                ):
                    verb = tok
                    break
            text = sent.text
            pattern = _NEGATION_PATTERNS.search(text)
            if verb is None and pattern is None:
                continue
            withheld = None
            if verb is not None:
                subj = next(
                    (
                        c
                        # "A spokeswoman declined to say whether …": the one who declined
                        for c in (verb.head if declined(verb) else verb).children
                        if c.dep_ in ("nsubj", "nsubjpass", "csubjpass", "csubj")
                    ),
                    None,
                )
                content_toks = [
                    c
                    for c in verb.children
                    if c.dep_ in ("ccomp", "dobj", "xcomp", "prep", "advcl")
                ]
                if subj is not None and subj.dep_ in ("csubjpass", "csubj"):
                    content_toks = [subj]
                elif subj is not None:
                    withheld = ctx.entity_in(pb, subj) or next(
                        (
                            ctx.entity_at(pb, c)
                            for c in subj.children
                            if c.dep_ == "poss" and ctx.entity_at(pb, c)
                        ),
                        None,
                    )
                    if subj.lower_ in ("what",) or any(c.lower_ == "what" for c in subj.subtree):
                        pass
                # "What the sources didn't detail: how many …" – the content follows the colon
                colon = text.find(":")
                if colon != -1 and verb.idx - sent.start_char < colon:
                    start = sent.start_char + colon + 1
                    end = sent.end_char
                    content = parsed.mention(pb, start, end, sent[0])
                else:
                    content = span_of(ctx, pb, content_toks) or parsed.span_mention(pb, sent)
                    clausal_subject = subj is not None and subj.dep_ in ("csubjpass", "csubj")
                    if not clausal_subject and re.match(
                        rf"(?:on\s+|about\s+)?{WH}\b", content.text, re.IGNORECASE
                    ):
                        # "does not detail which …, what …, or whether …": to the sentence end
                        end = pb.block.start + sent.end_char
                        content = Mention(
                            content.start,
                            end,
                            parsed.article.text[content.start : end],
                            content.sentence,
                        )
            else:
                content = parsed.span_mention(pb, sent)
            body = content.text.strip().rstrip(".")
            parts = _SPLIT_WH.split(body) if re.match(rf"{WH}\b", body, re.IGNORECASE) else [body]
            offset = content.start
            for part in parts:
                part = part.strip(" ,.")
                if not part:
                    continue
                start = parsed.article.text.find(part, offset)
                if start == -1:
                    continue
                end = start + len(part)
                offset = end
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                mention = Mention(start, end, part, content.sentence)
                entity_keys, event_keys = ctx.inside(start, end)
                about = entity_keys + event_keys
                if not about and withheld:
                    about = [withheld]
                questions.append(
                    OpenQuestion(
                        key=f"question:{len(questions)}",
                        mention=mention,
                        content=part,
                        about=about,
                        withheld_by=withheld,
                    )
                )
    ctx.ext.questions = questions
