"""Extractor: memberships, relations between bodies, and located places.

Everything here is stated by the text, read with the patterns of
``kg/data/patterns/bodies.toml`` (regexes with named groups; the names inside
a group are found in the gazetteer):

* :class:`~kg.model.Membership`: who sat on, led or belonged to which body
  ("… comprenant les camarades Staline, Sverdlov …", "Génia Egorova,
  secrétaire du comité …", "G. Erlich, social-démocrate menchévik"), with a
  role key of ``[roles]``; first-person memberships are the byline author's;
* :class:`~kg.model.BodyRelation`: part-of and kindred relations, from a
  pattern ("…, organe du Soviet …"), from a body's own compound name when the
  gazetteer agrees ("Comité exécutif du Soviet de Petrograd"), from a
  possessive ("le Congrès … élire son présidium"), from a footnote naming a
  newspaper's owner ("Journal de Gorki"), and from a flat given with its
  address (a ``located-in`` relation between places).

Keys are derived from content ("egorova-secretary-vyborg-district-committee").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from kg.errors import DataError
from kg.extract._names import author_of, compile_pattern, entity, names_in, patterns
from kg.extract._prefilter import rule_screen
from kg.extract.context import Context
from kg.gazetteer import normalize_form, surface_forms
from kg.model import BodyRelation, EntityKind, Fact, Membership, Mention, Span

# --------------------------------------------------------------------------- patterns


def _membership_rules(ctx: Context) -> tuple[tuple[dict[str, Any], re.Pattern[str]], ...]:
    return tuple((rule, rule.regex) for rule in patterns(ctx, "bodies")["memberships"])


def _matches(rule: dict[str, Any], regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The rule's matches in ``text``, skipping the costly regex when its ``trigger`` is absent."""
    trigger = rule.get("trigger")
    if trigger and not _trigger(trigger).search(text):
        return iter(())
    return regex.finditer(text)


@cache
def _trigger(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _relation_rules(ctx: Context) -> tuple[tuple[dict[str, Any], re.Pattern[str]], ...]:
    return tuple((rule, rule.regex) for rule in patterns(ctx, "bodies")["relations_patterns"])


def _pick(found: tuple[Mention, ...], how: str) -> Mention | None:
    if not found:
        return None
    return found[-1] if how == "last" else found[0]


def _body_in(ctx: Context, start: int, end: int, how: str = "first") -> Mention | None:
    """The body a group names: a gazetteer body, else a bare word of ``[bare_bodies]``."""
    found = _pick(names_in(ctx, start, end, EntityKind.BODY), how)
    if found is not None:
        return found
    for word, key in patterns(ctx, "bodies").get("bare_bodies", {}).items():
        m = re.search(rf"\b{re.escape(word)}\b", ctx.text[start:end])
        if m:
            if key not in ctx.gazetteer:
                raise DataError(
                    f"kg/data/patterns/bodies.toml: [bare_bodies] {word!r}: unknown key {key!r}"
                )
            return Mention(EntityKind.BODY, key, ctx.span(start + m.start(), start + m.end()))
    return None


def _sentences(ctx: Context) -> Iterator[tuple[int, int]]:
    for _, sentence in ctx.sentences():
        yield sentence.start, sentence.end


def _evidence(ctx: Context, match: re.Match[str], base: int, group: str, named: Mention) -> Span:
    """The match, minus what precedes the name when ``group`` opens the match.

    "…, et le Comité militaire révolutionnaire travaillait sous la direction du
    Comité Central" is evidenced from "Comité militaire révolutionnaire" on.
    """
    start = base + match.start()
    if match.start(group) == match.start() and named.span.start >= start:
        start = named.span.start
    return ctx.span(start, base + match.end())


# --------------------------------------------------------------------------- memberships


def _role(ctx: Context, rule: dict[str, Any], match: re.Match[str]) -> str:
    if "role_from" in rule:
        words = patterns(ctx, "bodies")[rule["role_from"]]
        return str(words.get(match.group("role"), "member"))
    return str(rule.get("role", "member"))


def _members(
    ctx: Context, rule: dict[str, Any], match: re.Match[str], base: int
) -> tuple[Mention, ...]:
    if rule.get("author"):
        author = author_of(ctx)
        if author is None:
            return ()
        pronoun = ctx.span(base + match.start(), base + match.start() + 2)
        return (Mention(EntityKind.PERSON, author.key, pronoun),)
    kind = EntityKind(rule.get("member_kind", "person"))
    start, end = base + match.start("members"), base + match.end("members")
    return names_in(ctx, start, end, kind)


def _memberships(ctx: Context) -> list[Membership]:
    out: dict[str, Membership] = {}
    for start, end in _sentences(ctx):
        text = ctx.text[start:end]
        rules = _membership_rules(ctx)
        ok = rule_screen(patterns(ctx, "bodies")["memberships"]).passing(text)
        for i, (rule, regex) in enumerate(rules):
            if i not in ok:
                continue  # a word the rule needs is not in the sentence
            for match in _matches(rule, regex, text):
                body = _body_in(
                    ctx,
                    start + match.start("body"),
                    start + match.end("body"),
                    rule.get("pick", "first"),
                )
                if body is None:
                    continue
                role = _role(ctx, rule, match)
                members = _members(ctx, rule, match, start)
                if not members:
                    continue
                evidence = _evidence(ctx, match, start, "body", body)
                if "members" in match.groupdict() and match.start("members") == match.start():
                    evidence = _evidence(ctx, match, start, "members", members[0])
                date = ctx.date_before(evidence.start) if rule.get("dated") else None
                for member in members:
                    if member.key == body.key:
                        continue
                    key = f"{member.key}-{role}-{body.key}"
                    out.setdefault(
                        key,
                        Membership(
                            key=key,
                            evidence=evidence,
                            member=member,
                            body=body,
                            role=role,
                            date=date,
                        ),
                    )
    return list(out.values())


# --------------------------------------------------------------------------- relations


def _relation(
    part: Mention,
    whole: Mention,
    relation: str,
    evidence_start: int,
    evidence_end: int,
    ctx: Context,
    address: str = "",
) -> BodyRelation:
    key = f"{part.key}-{relation}-{whole.key}"
    return BodyRelation(
        key=key,
        evidence=ctx.span(evidence_start, evidence_end),
        part=part,
        whole=whole,
        relation=relation,
        address=address,
    )


def _patterned(ctx: Context) -> Iterator[BodyRelation]:
    for start, end in _sentences(ctx):
        text = ctx.text[start:end]
        for rule, regex in _relation_rules(ctx):
            for m in _matches(rule, regex, text):
                part = _body_in(
                    ctx,
                    start + m.start("part"),
                    start + m.end("part"),
                    rule.get("pick_part", "first"),
                )
                whole = _body_in(
                    ctx,
                    start + m.start("whole"),
                    start + m.end("whole"),
                    rule.get("pick_whole", "first"),
                )
                if part is None or whole is None or part.key == whole.key:
                    continue
                evidence = _evidence(ctx, m, start, "part", part)
                yield _relation(part, whole, rule["relation"], evidence.start, evidence.end, ctx)


def _compound(ctx: Context) -> Iterator[BodyRelation]:
    """A body's printed name containing "<connective> <name of its whole>"."""
    connectives = patterns(ctx, "bodies")["compound"]["connectives"]
    for mention in ctx.mentions:
        part = entity(ctx, mention.key) if mention.kind is EntityKind.BODY else None
        whole = ctx.gazetteer.get(part.part_of) if part is not None and part.part_of else None
        if whole is None:
            continue
        printed = normalize_form(mention.span.text)
        for form in sorted(surface_forms(whole), key=len, reverse=True):
            hit = _find_after_connective(printed, normalize_form(form), connectives)
            if hit is None:
                continue
            offset, relation = hit
            begin = mention.span.start + offset
            whole_mention = Mention(EntityKind.BODY, whole.key, ctx.span(begin, begin + len(form)))
            yield _relation(
                mention, whole_mention, relation, mention.span.start, mention.span.end, ctx
            )
            break


def _find_after_connective(
    printed: str, form: str, connectives: dict[str, str]
) -> tuple[int, str] | None:
    for connective, relation in connectives.items():
        needle = f"{normalize_form(connective)} {form}".replace("’ ", "’")
        at = printed.find(needle)
        if at > 0 and printed.endswith(needle):
            return at + len(needle) - len(form), relation
    return None


def _possessive(ctx: Context) -> Iterator[BodyRelation]:
    """ "le Congrès … élire son présidium": the part follows a possessive, the whole precedes."""
    words = patterns(ctx, "bodies")["compound"]["possessives"]
    regex = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+$")
    for start, end in _sentences(ctx):
        bodies = ctx.mentions_in(start, end, EntityKind.BODY)
        for i, mention in enumerate(bodies):
            part = entity(ctx, mention.key)
            if (
                part is None
                or not part.part_of
                or not regex.search(ctx.text[start : mention.span.start])
            ):
                continue
            whole = next(
                (b for b in reversed(bodies[:i]) if part.part_of in b.key.split("|")), None
            )
            if whole is not None:
                whole = Mention(EntityKind.BODY, part.part_of, whole.span)
                yield _relation(mention, whole, "part-of", whole.span.start, mention.span.end, ctx)


def _newspapers(ctx: Context) -> Iterator[BodyRelation]:
    """A footnote "Journal de Gorki …" called right after a newspaper's title."""
    regex = compile_pattern(ctx, "bodies", patterns(ctx, "bodies")["newspaper_notes"]["pattern"])
    for note in ctx.seg.repaired.footnotes:
        m = regex.match(ctx.text[note.start : note.end])
        if m is None or note.call_start is None:
            continue
        owner = next(
            iter(
                names_in(
                    ctx,
                    note.start + m.start("owner"),
                    note.start + m.end("owner"),
                    EntityKind.PERSON,
                )
            ),
            None,
        )
        title = [
            w
            for w in ctx.mentions_in(max(0, note.call_start - 80), note.call_start, EntityKind.WORK)
            if not ctx.text[w.span.end : note.call_start].strip()
        ]
        if owner is not None and title:
            yield _relation(title[-1], owner, "newspaper-of", note.start, note.end, ctx)


def _flats(ctx: Context) -> Iterator[BodyRelation]:
    """A flat given with its owner, district and address (a place located in another)."""
    rule = patterns(ctx, "bodies")["flats"]
    regex = compile_pattern(ctx, "bodies", rule["pattern"])
    for start, end in _sentences(ctx):
        for m in regex.finditer(ctx.text[start:end]):
            owners = names_in(
                ctx, start + m.start("owner"), start + m.end("owner"), EntityKind.PERSON
            )
            wholes = names_in(
                ctx, start + m.start("whole"), start + m.end("whole"), EntityKind.PLACE
            )
            flat = _flat_of(ctx, owners[-1].key) if owners else None
            if flat is None or not wholes:
                continue
            part = Mention(
                EntityKind.PLACE, flat, ctx.span(start + m.start(), start + m.end("owner"))
            )
            address = " ".join(m.group("address").split())
            yield _relation(
                part, wholes[0], "located-in", start + m.start(), start + m.end(), ctx, address
            )


def _flat_of(ctx: Context, owner_key: str) -> str | None:
    owner = entity(ctx, owner_key)
    if owner is None:
        return None
    for template in patterns(ctx, "bodies")["flats"]["flat_forms"]:
        for form in surface_forms(owner):
            places = ctx.gazetteer.lookup(template.replace("{form}", form), EntityKind.PLACE)
            if places:
                return places[0].key
    return None


def _relations(ctx: Context) -> list[BodyRelation]:
    out: dict[str, BodyRelation] = {}
    for found in (_patterned(ctx), _compound(ctx), _possessive(ctx), _newspapers(ctx), _flats(ctx)):
        for relation in found:
            out.setdefault(relation.key, relation)
    return list(out.values())


def extract(ctx: Context) -> tuple[Fact, ...]:
    """Memberships and body relations the document states.

    Raises :class:`~kg.errors.DataError` if the patterns file is unreadable or
    names an unknown gazetteer key.
    """
    return (*_memberships(ctx), *_relations(ctx))
