"""Runs in the Rasa environment: load a trained model (no server) and parse texts, one JSON list in on stdin,
one JSON list of parse results out into the file named second (Rasa prints to stdout). Used to evaluate a new model before it goes live."""

import asyncio
import json
import logging
import sys


async def main(model_path: str, out_path: str) -> None:
    from rasa.core.agent import load_agent

    agent = await load_agent(model_path=model_path)
    texts = json.load(sys.stdin)
    results = [await agent.parse_message(text) for text in texts]
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(results, fh, default=str)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
