"""What the builders of one demo county share: the region, the batch, and the rows made so far."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import models


@dataclass
class Ctx:
    region: object
    batch: object
    seed: str
    depts: dict = field(default_factory=dict)
    parks: dict = field(default_factory=dict)
    zones: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    commissioners: list = field(default_factory=list)
    chains: dict = field(default_factory=dict)
    segments: dict = field(default_factory=dict)
    firms: list = field(default_factory=list)
    projects: dict = field(default_factory=dict)
    pools: dict = field(default_factory=dict)

    def rng(self, part: str) -> random.Random:
        """An independent, fixed random stream per part, so one builder's change leaves the others alone."""
        return random.Random(f"{self.seed}:{part}")


def bulk(model: type[models.Model], rows: list, batch_size: int = 2000) -> list:
    """bulk_create with a large batch; returns the rows with their primary keys set."""
    return model.objects.bulk_create(rows, batch_size=batch_size)
