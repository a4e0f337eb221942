from __future__ import annotations

import pytest

from habeas.audit.selectors import audit_chain_verify
from habeas.cases.selectors import case_list
from tests.conftest import World


def test_world_case_is_visible_to_team_and_not_to_outsiders(world: World) -> None:
    assert list(case_list(user=world.owner)) == [world.case]
    assert list(case_list(user=world.member)) == [world.case]
    assert list(case_list(user=world.auditor)) == [world.case]
    assert list(case_list(user=world.nonmember)) == []
    assert list(case_list(user=world.outsider)) == []
    checked, broken = audit_chain_verify()
    assert broken is None and checked > 0


@pytest.mark.parametrize("attr", ["owner", "member"])
def test_case_ref_uses_org_code(world: World, attr: str) -> None:
    assert world.case.ref.startswith("EXCIU-")
