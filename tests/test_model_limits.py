"""What the agent learns about its model before planning: the context length the server reports at /v1/models
(vLLM's max_model_len), else the recipe's, and the recipe's per-call budget and batch size. No sandbox."""
from __future__ import annotations

import asyncio

from solver.agent.llm import DEFAULT_COMPLETION_TOKENS, ClientModel
from solver.model import ClientConfig, ModelClient, client_config, load_recipe

from .scripted_server import ScriptedServer


def info(config: ClientConfig):
    async def go():
        async with ModelClient(config) as client:
            return await ClientModel(client).info()
    return asyncio.run(go())


def test_the_servers_max_model_len_wins_over_the_recipes():
    with ScriptedServer(lambda m: "hi", model="smollm2-135m-instruct", max_model_len=4096) as server:
        got = info(client_config(load_recipe("smollm2-cpu"), server.url))
    assert got.max_model_len == 4096 and got.model == "smollm2-135m-instruct" and got.recipe == "smollm2-cpu"
    assert got.completion_tokens == 2048 and got.batch_size == 16


def test_without_a_report_the_recipes_context_applies_and_a_bare_endpoint_knows_none():
    with ScriptedServer(lambda m: "hi", model="nemotron-cascade-2") as server:
        recipe = info(client_config(load_recipe("nemotron-cascade-2"), server.url))
        bare = info(ClientConfig(server.url))
    assert recipe.max_model_len == 262144 and recipe.completion_tokens == 131072 and recipe.thinking_budget is None
    assert bare.max_model_len is None and bare.completion_tokens == DEFAULT_COMPLETION_TOKENS
    assert bare.model == "nemotron-cascade-2" and bare.recipe is None
