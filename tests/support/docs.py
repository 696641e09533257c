"""Build :class:`~sitroom.annotation.AnnotatedDoc` objects by hand, without the spaCy model.

Rules then run on exactly the parse the test states, so a test checks the rule and not the
parser's whims (the idea of spaCy's ``tests/doc/test_doc_api.py``, which builds ``Doc`` objects
from words, heads and deps). Two ways in:

* :func:`make_doc` takes parallel lists (words, heads, deps, ...), like ``spacy.tokens.Doc``;
* :func:`conll` takes one token per line, ``text lemma POS TAG dep head [ENT] [@actor]``, with
  ``head`` the 0-based index of the head *within the sentence* (the root points at itself), a
  blank line between sentences and a line ``---`` between paragraphs.

:func:`linked` builds the :class:`~sitroom.actors.LinkedActors` that the events and relations
stages take, from the ``@actor`` marks (or an explicit mapping).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sitroom.actors import LinkedActors
from sitroom.annotation import AnnotatedDoc, EntitySpan, Sentence, Token
from sitroom.models import Actor

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "'s", "n't", ")", "%"}


def make_doc(
    words: Sequence[str],
    heads: Sequence[int],
    deps: Sequence[str],
    *,
    lemmas: Sequence[str] | None = None,
    pos: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    ents: Sequence[str] | None = None,
    sent_starts: Sequence[int] = (0,),
    paragraph_starts: Sequence[int] = (0,),
) -> AnnotatedDoc:
    """An annotated document from parallel token lists.

    ``heads`` are absolute token indexes (a root points at itself); ``ents`` holds one label per
    token ("" or "O" outside an entity; consecutive tokens with the same label form one entity,
    a label starting with "B-" opens a new one); ``sent_starts`` and ``paragraph_starts`` are
    the token indexes that open a sentence or a paragraph.
    """
    n = len(words)
    if not (len(heads) == len(deps) == n):
        raise ValueError("words, heads and deps must have the same length")
    lemmas = lemmas or [w.lower() for w in words]
    pos = pos or ["X"] * n
    tags = tags or [""] * n
    labels = [(e or "O") for e in (ents or ["O"] * n)]
    starts = sorted({s for s in sent_starts if 0 <= s < n} | {0})
    para_starts = set(paragraph_starts) | {0}
    # text and offsets
    text = ""
    offsets: list[int] = []
    for k, w in enumerate(words):
        if k and k in para_starts:
            text = text.rstrip(" ") + "\n\n"
        elif k and w not in _NO_SPACE_BEFORE:
            text += " "
        offsets.append(len(text))
        text += w
    sent_of = [0] * n
    for s_i, start in enumerate(starts):
        end = starts[s_i + 1] if s_i + 1 < len(starts) else n
        for k in range(start, end):
            sent_of[k] = s_i
    # entities
    entities: list[EntitySpan] = []
    iob = ["O"] * n
    ent_type = [""] * n
    k = 0
    while k < n:
        label = labels[k]
        if label == "O":
            k += 1
            continue
        base = label[2:] if label.startswith(("B-", "I-")) else label
        end = k + 1
        while end < n and labels[end] in (base, f"I-{base}"):
            end += 1
        for j in range(k, end):
            ent_type[j] = base
            iob[j] = "B" if j == k else "I"
        entities.append(
            EntitySpan(
                label=base,
                start=offsets[k],
                end=offsets[end - 1] + len(words[end - 1]),
                token_start=k,
                token_end=end,
                text=text[offsets[k] : offsets[end - 1] + len(words[end - 1])],
            )
        )
        k = end
    tokens = [
        Token(
            i=k,
            text=w,
            idx=offsets[k],
            lemma=lemmas[k],
            pos=pos[k],
            tag=tags[k],
            dep=deps[k],
            head=heads[k],
            ent_type=ent_type[k],
            ent_iob=iob[k],
            like_num=w.replace(",", "").isdigit() or pos[k] == "NUM",
            ws="" if k + 1 < n and words[k + 1] in _NO_SPACE_BEFORE else " ",
            sent=sent_of[k],
        )
        for k, w in enumerate(words)
    ]
    sentences = []
    paragraph = -1
    for s_i, start in enumerate(starts):
        end = starts[s_i + 1] if s_i + 1 < len(starts) else n
        if start in para_starts:
            paragraph += 1
        sentences.append(
            Sentence(
                i=s_i,
                start=offsets[start],
                end=offsets[end - 1] + len(words[end - 1]),
                token_start=start,
                token_end=end,
                paragraph=paragraph,
            )
        )
    return AnnotatedDoc(text=text, tokens=tokens, sentences=sentences, entities=entities)


def conll(table: str) -> tuple[AnnotatedDoc, dict[int, str]]:
    """An annotated document from a small CoNLL-like table (see the module docstring), and the
    actor marks ``{token index: actor id}`` of its ``@actor`` columns."""
    words: list[str] = []
    lemmas: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    ents: list[str] = []
    marks: dict[int, str] = {}
    sent_starts: list[int] = [0]
    para_starts: list[int] = [0]
    sent_base = 0
    for raw in table.strip().splitlines():
        line = raw.strip()
        if not line or line == "---":
            if words and sent_starts[-1] != len(words):
                sent_starts.append(len(words))
            if line == "---":
                para_starts.append(len(words))
            sent_base = len(words)
            continue
        cols = line.split()
        if len(cols) < 6:
            raise ValueError(f"needs text lemma POS TAG dep head: {raw!r}")
        text, lemma, p, tag, dep, head = cols[:6]
        ent = "O"
        for extra in cols[6:]:
            if extra.startswith("@"):
                marks[len(words)] = extra[1:]
            else:
                ent = extra
        words.append(text)
        lemmas.append(lemma)
        pos.append(p)
        tags.append(tag)
        deps.append(dep)
        heads.append(sent_base + int(head))
        ents.append(ent)
    doc = make_doc(
        words,
        heads,
        deps,
        lemmas=lemmas,
        pos=pos,
        tags=tags,
        ents=ents,
        sent_starts=sent_starts,
        paragraph_starts=para_starts,
    )
    return doc, marks


def linked(
    marks: Mapping[int, str],
    types: Mapping[str, str] | None = None,
    *,
    kb: Sequence[str] = (),
) -> LinkedActors:
    """Linked actors from ``{token index: actor id}``; ``types`` gives each id's actor type."""
    types = types or {}
    out = LinkedActors()
    for i, actor_id in marks.items():
        out.by_token.setdefault(i, []).append(actor_id)
        if actor_id not in out.actors:
            out.actors[actor_id] = Actor(
                id=actor_id,
                name=actor_id,
                type=types.get(actor_id, "other"),  # type: ignore[arg-type]
                kb=actor_id in kb,
            )
    return out
