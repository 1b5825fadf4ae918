"""Talking to the model: an async OpenAI-compatible client, reasoning split from answers, code pulled out of them,
usage recorded per call, and the recipes that say how each model is served and sampled."""
from .client import ModelClient
from .config import ClientConfig, Message
from .extract import Code, detect_language, extract_code, language_family
from .reasoning import Split, split_reasoning
from .identity import IdentityError, ModelIdentity, identify
from .recipes import Recipe, load_recipe, recipe_for, recipe_matching, recipe_names
from .usage import Usage, UsageLog
from .wire import Completion, ModelError, Sample


def client_config(recipe: Recipe, base_url: str, **overrides) -> ClientConfig:
    """A client configuration for a model served with RECIPE at BASE_URL (the recipe's sampling and batch size)."""
    fields = {"base_url": base_url, "model": recipe.served_name, "max_sequences": recipe.max_sequences,
              "native_n": recipe.native_n, "sampling": dict(recipe.sampling), "recipe": recipe.name,
              "max_model_len": recipe.max_model_len, "max_completion_tokens": recipe.max_completion_tokens,
              "thinking_budget": recipe.thinking_budget}
    return ClientConfig(**{**fields, **overrides})


def identity_config(identity: ModelIdentity, base_url: str, **overrides) -> ClientConfig:
    """A client configuration for the model IDENTITY found at BASE_URL: the id it serves, its context and per-call
    budget, and its recipe's sampling and batch size where a recipe fits (the client's defaults where none does)."""
    fields = {"model": identity.model, "max_model_len": identity.context,
              "max_completion_tokens": identity.call_tokens}
    if identity.recipe is None:
        return ClientConfig(base_url=base_url, **{**fields, **overrides})
    return client_config(identity.recipe, base_url, **{**fields, **overrides})


__all__ = ["ClientConfig", "Code", "Completion", "IdentityError", "Message", "ModelClient", "ModelError",
           "ModelIdentity", "Recipe", "Sample", "Split", "Usage", "UsageLog", "client_config", "detect_language",
           "extract_code", "identify", "identity_config", "language_family", "load_recipe", "recipe_for",
           "recipe_matching", "recipe_names", "split_reasoning"]
