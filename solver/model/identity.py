"""Who the endpoint is: the model id to ask for, its recipe, its context and the per-call completion budget.

vLLM lists each served model at /v1/models with its id (the --served-model-name, else the model path), `root` (the
model path it loaded) and `max_model_len` (its context). The recipe is found by any of those names, so a bare
`--endpoint` to `vllm serve nvidia/Nemotron-Cascade-2-30B-A3B` and to `cpsolve serve --model nemotron-cascade-2`
(served as `nemotron-cascade-2`) both find the Nemotron recipe. `--model` may name the recipe, its served name or
its Hugging Face id: the id asked for is always one the server really lists. `--recipe` names the recipe outright
for a served name that matches none (a custom name, an FP8 variant, a local path).

The per-call budget (thinking and answer together):
- with a recipe that sets one: the recipe's `max_completion_tokens`, at most half the context the server reports;
- otherwise (no recipe fits, or the generic one): half the server's context, at most `MAX_DERIVED_CALL_TOKENS`;
- a server that reports no context: the recipe's budget, else `UNREPORTED_CALL_TOKENS`, with a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .recipes import Recipe, load_recipe, recipe_matching, recipe_names

#: The most a per-call budget derived from a server's context gives (the Nemotron recipe's, for a 256k context).
MAX_DERIVED_CALL_TOKENS = 131072
#: The per-call budget when neither the server nor a recipe says how long the context is.
UNREPORTED_CALL_TOKENS = 32768


class IdentityError(ValueError):
    """The endpoint does not serve the model asked for, or --recipe names no recipe (one line)."""


@dataclass(frozen=True)
class ModelIdentity:
    """What the endpoint serves and how to call it."""

    model: str
    """The model id to ask for: one the server lists."""
    root: str | None
    """What vLLM loaded (its `root`: the Hugging Face id or local path), when the server says."""
    recipe: Recipe | None
    """The recipe found by name, served name or Hugging Face id (or named by --recipe); None: none fits."""
    context: int | None
    """Prompt + completion tokens per call: the server's max_model_len, else the recipe's; None: unknown."""
    context_source: str
    """Where `context` came from: "server", "recipe" or "unknown"."""
    call_tokens: int
    """The per-call completion budget (thinking and answer together)."""
    call_tokens_rule: str
    """How `call_tokens` was chosen, in words for the start-up line."""
    warnings: list[str] = field(default_factory=list)
    """What the user should know (no context reported: the budget is a guess)."""

    def describe(self) -> str:
        """The start-up line: model, recipe, per-call budget and context."""
        context = f"{self.context:,} tokens ({self.context_source})" if self.context else "unknown"
        return (f"model {self.model}" + (f" ({self.root})" if self.root and self.root != self.model else "") +
                f"; recipe {self.recipe.name if self.recipe else 'none'}; per call {self.call_tokens:,} tokens "
                f"({self.call_tokens_rule}); context {context}")


def _names(entry: dict) -> set[str]:
    return {n for n in (entry.get("id"), entry.get("root")) if isinstance(n, str)}


def _fits(recipe: Recipe, entry: dict) -> bool:
    return bool(_names(entry) & {recipe.name, recipe.served_name, recipe.model} - {None})


def choose_entry(listing: list[dict], asked: str | None, recipe: Recipe | None, url: str) -> dict:
    """The /v1/models entry to use: the one ASKED for (by its id, its root, or a name of its recipe), else the one
    the recipe fits, else the first. IdentityError when the server serves nothing that fits what was asked."""
    if not listing:
        raise IdentityError(f"{url}/models: the server lists no models")
    served = ", ".join(str(e.get("id")) for e in listing)
    if asked is not None:
        for entry in listing:
            if asked in _names(entry):
                return entry
        named = recipe_matching(asked)
        if named is not None and not (named.served_name or named.model):
            return listing[0]  # a recipe for any model (generic): the model the server serves
        for entry in listing:
            if named is not None and _fits(named, entry):
                return entry
        raise IdentityError(f"--model {asked}: the server at {url} serves {served}, not it; "
                            f"use --model with one of those")
    if recipe is not None and (recipe.served_name or recipe.model):
        for entry in listing:
            if _fits(recipe, entry):
                return entry
    return listing[0]


def identify(listing: list[dict], url: str, asked: str | None = None, recipe_name: str | None = None,
             recipe: Recipe | None = None) -> ModelIdentity:
    """The identity of the model at URL from its /v1/models LISTING. ASKED: --model (recipe name, served name or
    Hugging Face id); RECIPE_NAME: --recipe; RECIPE: the one a launched server was started with."""
    if recipe is None and recipe_name is not None:
        if recipe_name not in recipe_names():
            raise IdentityError(f"--recipe {recipe_name}: no such recipe; known: {', '.join(recipe_names())}")
        recipe = load_recipe(recipe_name)
    entry = choose_entry(listing, asked, recipe, url)
    root = entry.get("root") if isinstance(entry.get("root"), str) else None
    for name in (entry["id"], root, asked):
        if recipe is None and name:
            recipe = recipe_matching(name)
    reported = entry.get("max_model_len")
    reported = reported if isinstance(reported, int) and reported > 0 else None
    own = recipe.max_completion_tokens if recipe is not None else None  # None: the recipe leaves it to the context
    context = reported or (recipe.max_model_len if recipe is not None else None)
    source = "server" if reported else "recipe" if context else "unknown"
    warnings: list[str] = []
    if reported is not None and own is not None:
        call = min(own, reported // 2)
        rule = f"recipe {recipe.name}" + (", at most half the context" if call < own else "")
    elif reported is not None:
        call = min(reported // 2, MAX_DERIVED_CALL_TOKENS)
        rule = "half the server's context" + (f", at most {MAX_DERIVED_CALL_TOKENS:,}"
                                              if reported // 2 > MAX_DERIVED_CALL_TOKENS else "")
    elif own is not None:
        call, rule = own, f"recipe {recipe.name}"
        warnings.append(f"{url}/models reports no max_model_len for {entry['id']}: assuming recipe {recipe.name}'s "
                        f"context ({context or 'unknown'}) and {call:,} tokens per call")
    else:
        call, rule = UNREPORTED_CALL_TOKENS, "default"
        why = f"recipe {recipe.name} sets no per-call budget" if recipe is not None else "no recipe fits it"
        warnings.append(f"{url}/models reports no max_model_len for {entry['id']} and {why}: {call:,} tokens per "
                        "call, a default (name a recipe with --recipe, or set --call-tokens)")
    return ModelIdentity(model=entry["id"], root=root, recipe=recipe, context=context, context_source=source,
                         call_tokens=call, call_tokens_rule=rule, warnings=warnings)
