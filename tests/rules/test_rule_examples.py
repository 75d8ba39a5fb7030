"""The one generic test that runs every rule's remove and keep examples, on every scanner backend."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options
from cleaner.rules.examples import check_rule
from tests.conftest import BACKENDS

_cleaners = {b: Cleaner(Options(backend=b)) for b in BACKENDS}
_rules = _cleaners["python"].rules


def test_there_are_rules_with_examples():
    assert len(_rules) >= 10
    assert all(rule.remove and rule.keep for rule in _rules)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("rule", _rules, ids=[r.id for r in _rules])
def test_rule_examples(rule, backend):
    assert check_rule(_cleaners[backend], rule) == []
