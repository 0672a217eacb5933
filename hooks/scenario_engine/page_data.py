"""The data a scenario's pages carry for the browser: the player's and the review page's.

Both hold the scenario graph with labels, scores, flags and caps, which the browser's assessment
model (``docs/assets/javascripts/assessment.js``) walks exactly as ``assessment`` does here.
"""

from __future__ import annotations

from typing import Any

from .model import Scenario

PAGE_DATA_FORMAT = 2  # the player's and the review page's data; see docs/assets/javascripts/assessment.js


def player_data(scenario: Scenario, *, labels: dict[str, str], competencies: dict[str, str]) -> dict[str, Any]:
    """What the browser player needs beyond the readable page: the graph, labels, scores, flags, caps."""
    return {
        "format": PAGE_DATA_FORMAT,
        "slug": scenario.slug,
        "title": scenario.title,
        "version": scenario.version,
        "feedback": scenario.feedback,
        "start": scenario.start,
        "competencies": competencies,
        "nodes": {
            node.id: {
                "label": labels[node.id],
                "outcome": node.outcome,
                "debrief": [{"if": sorted(part.requires), "unless": sorted(part.excludes)} for part in node.debrief],
                "choices": [
                    {
                        "next": choice.next,
                        "scores": choice.scores,
                        "sets": sorted(choice.sets),
                        "if": sorted(choice.requires),
                        "unless": sorted(choice.excludes),
                        "caps": choice.caps,
                    }
                    for choice in node.choices
                ],
            }
            for node in scenario.nodes.values()
        },
    }
