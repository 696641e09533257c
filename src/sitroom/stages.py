"""The stage registry: analysis stages registered by name, run in the order settings give.

A stage is one function that takes the :class:`StageContext` of a document (its text, its
annotation, what earlier stages found) and returns it, filled in further::

    from sitroom.stages import StageContext, register_stage

    @register_stage("my_gazetteer", after="places")
    def my_gazetteer(ctx: StageContext) -> StageContext:
        ...  # read ctx.ann / ctx.places, append to ctx.places
        return ctx

The pipeline runs the stages listed in ``Settings.stages`` (``SITROOM_STAGES``), or an explicit
``Pipeline(stages=[...])``; a stage registered with ``after=`` joins the default order right
after the named stage without any list to edit. A stage that needs models loads them once in a
*factory*: ``@register_stage("name", factory=True)`` decorates a function that takes the
:class:`~sitroom.pipeline.Pipeline` (its shared resources: ``kb``, ``geocoder``, ...) and
returns the stage function. A name of the form ``package.module:function`` in the stage list
is imported (and must register itself or be a stage function), so a user's stage needs no edit
to sitroom. See ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from sitroom.annotation import AnnotatedDoc
from sitroom.models import (
    Actor,
    Analysis,
    Document,
    Event,
    Location,
    Place,
    Relation,
    TimeExpression,
)

if TYPE_CHECKING:
    from sitroom.actors import LinkedActors
    from sitroom.anatomy import Anatomy
    from sitroom.pipeline import Pipeline


@dataclass
class StageContext:
    """One document on its way through the stages: plain data, filled in stage by stage."""

    document: Document
    ann: AnnotatedDoc
    # Dateline, byline, credits and captions: metadata whose spans are never facts.
    anatomy: Anatomy | None = None
    times: list[TimeExpression] = field(default_factory=list)
    # Home countries of the knowledge-base actors the text names, most mentioned first.
    actor_countries: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    linked: LinkedActors | None = None
    # Where the document's actors come from: the last resort for locating an event.
    fallback_countries: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # Results of user stages, by the stage's own key.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def actors(self) -> list[Actor]:
        return self.linked.ordered() if self.linked is not None else []

    def to_analysis(self) -> Analysis:
        document = self.document
        return Analysis(
            id=document.id,
            title=document.title,
            url=document.url,
            source=document.source,
            published=document.published,
            actors=self.actors,
            events=self.events,
            relations=self.relations,
            places=with_dateline(self.places, self.anatomy),
            dates=self.times,
            dateline=self.anatomy.dateline if self.anatomy else None,
            byline=self.anatomy.byline if self.anatomy else None,
            credits=self.anatomy.credits if self.anatomy else [],
            captions=self.anatomy.captions if self.anatomy else [],
        )


def with_dateline(places: list[Place], anatomy: Anatomy | None) -> list[Place]:
    """The article's places and those its dateline, credits and captions name: such a place
    that the text also names elsewhere gains their mention; mentions stay in text order."""
    if anatomy is None or not (anatomy.dateline_toponyms or anatomy.credit_toponyms):
        return places
    out = list(places)
    for extra in [*anatomy.dateline_toponyms, *anatomy.credit_toponyms]:
        k = next(
            (
                i
                for i, p in enumerate(out)
                if p.kind == extra.kind
                and p.geonameid is not None
                and p.geonameid == extra.geonameid
            ),
            None,
        )
        if k is None:
            out.insert(0, extra)
        else:
            mentions = sorted([*extra.mentions, *out[k].mentions], key=lambda m: m.start)
            out[k] = out[k].model_copy(update={"mentions": mentions})
    return out


Stage = Callable[[StageContext], "StageContext | None"]
StageFactory = Callable[["Pipeline"], Stage]
# A locator of event spans, handed to stages that place events: (start, end, the trigger
# token indexes) -> Location, and a note when the place is inferred, not stated.
Locator = Callable[[int, int, tuple[int, ...]], "tuple[Location | None, str | None]"]


class StageError(ValueError):
    """An unknown stage name or a bad registration."""


@dataclass(frozen=True)
class _Registration:
    factory: StageFactory
    after: str | None  # joins the default order after this stage
    builtin: bool


_REGISTRY: dict[str, _Registration] = {}


@overload
def register_stage(
    name: str, *, factory: bool = ..., after: str | None = ..., replace: bool = ...
) -> Callable[[Any], Any]: ...


@overload
def register_stage(
    name: str,
    func: Any,
    *,
    factory: bool = ...,
    after: str | None = ...,
    replace: bool = ...,
) -> Any: ...


def register_stage(
    name: str,
    func: Any = None,
    *,
    factory: bool = False,
    after: str | None = None,
    replace: bool = False,
) -> Any:
    """Register a stage under ``name`` (as a decorator, or called with the function).

    ``factory=True``: ``func`` takes the pipeline and returns the stage (load models there).
    ``after``: the stage joins the default order right after that stage. Registering a taken
    name is an error unless ``replace=True`` (to swap a built-in stage for your own).
    """

    def add(fn: Any) -> Any:
        if not name or ":" in name:
            raise StageError(f"invalid stage name {name!r}")
        if name in _REGISTRY and not replace:
            raise StageError(f"a stage named {name!r} is already registered (replace=True)")
        made: StageFactory = fn if factory else (lambda _pipeline: fn)
        _REGISTRY[name] = _Registration(made, after, builtin=fn.__module__ == "sitroom.pipeline")
        return fn

    return add(func) if func is not None else add


def unregister_stage(name: str) -> None:
    """Remove a user stage (tests; a long-lived process swapping stages)."""
    _REGISTRY.pop(name, None)


def registered_stages() -> list[str]:
    return list(_REGISTRY)


def stage_order(base: Sequence[str]) -> list[str]:
    """``base`` with every registered ``after=`` stage placed after its anchor (if present)."""
    order = list(base)
    pending = [n for n, r in _REGISTRY.items() if r.after is not None and n not in order]
    progress = True
    while pending and progress:
        progress = False
        for name in list(pending):
            anchor = _REGISTRY[name].after
            if anchor in order:
                at = order.index(anchor) + 1
                # After the anchor and after stages already attached to it, in registration order.
                while at < len(order) and _REGISTRY.get(order[at], _NONE).after == anchor:
                    at += 1
                order.insert(at, name)
                pending.remove(name)
                progress = True
    return order


_NONE = _Registration(lambda _p: lambda ctx: ctx, None, builtin=False)


def build_stages(names: Sequence[str], pipeline: Pipeline) -> list[tuple[str, Stage]]:
    """The stage functions for ``names``, built once for ``pipeline``."""
    built = []
    for name in names:
        if name not in _REGISTRY and ":" in name:
            _import_stage(name)
        registration = _REGISTRY.get(name)
        if registration is None:
            known = ", ".join(sorted(_REGISTRY))
            raise StageError(f"unknown stage {name!r}; registered stages: {known}")
        built.append((name, registration.factory(pipeline)))
    return built


def _import_stage(spec: str) -> None:
    """``package.module:function``: import the module (which may register the stage itself);
    an unregistered function of that name becomes the stage."""
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise StageError(f"stage {spec!r}: cannot import {module_name!r} ({exc})") from None
    if spec in _REGISTRY:
        return
    fn = getattr(module, attr, None)
    if not callable(fn):
        raise StageError(f"stage {spec!r}: {module_name} has no function {attr!r}")
    _REGISTRY[spec] = _Registration(lambda _p: fn, None, builtin=False)
