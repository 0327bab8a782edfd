"""Contract: a unit of work keeps nothing unless committed, and shows nothing early."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.store.base import Store
from tests.store.builders import organisation, person


def test_nothing_is_kept_without_commit(store: Store) -> None:
    org = organisation()
    with store.unit_of_work() as uow:
        uow.organisations.add(org)

    with store.unit_of_work() as uow:
        assert uow.organisations.by_org_number(org.org_number) is None
        assert uow.organisations.list_all() == []


def test_committed_changes_are_seen_by_the_next_unit_of_work(store: Store) -> None:
    with store.unit_of_work() as uow:
        added = uow.organisations.add(organisation("Vilhelmina kommun"))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.organisations.get(added.id) == added


def test_an_exception_rolls_back_the_unit_of_work(store: Store) -> None:
    org = organisation()

    def add_then_fail() -> None:
        with store.unit_of_work() as uow:
            uow.organisations.add(org)
            raise RuntimeError("avbruten")

    with pytest.raises(RuntimeError, match="avbruten"):
        add_then_fail()

    with store.unit_of_work() as uow:
        assert uow.organisations.by_org_number(org.org_number) is None


def test_rollback_discards_only_what_came_after_the_last_commit(store: Store) -> None:
    kept, dropped = organisation("Åsele kommun"), organisation("Storuman kommun")
    with store.unit_of_work() as uow:
        uow.organisations.add(kept)
        uow.commit()
        uow.organisations.add(dropped)
        uow.rollback()
        uow.commit()

    with store.unit_of_work() as uow:
        assert [o.name for o in uow.organisations.list_all()] == ["Åsele kommun"]


def test_work_after_a_commit_is_rolled_back_unless_committed_again(store: Store) -> None:
    first, second = organisation("Lycksele kommun"), organisation("Sorsele kommun")
    with store.unit_of_work() as uow:
        uow.organisations.add(first)
        uow.commit()
        uow.organisations.add(second)

    with store.unit_of_work() as uow:
        assert [o.name for o in uow.organisations.list_all()] == ["Lycksele kommun"]


def test_uncommitted_changes_are_invisible_to_another_unit_of_work(store: Store) -> None:
    org = organisation()
    with store.unit_of_work() as writer:
        writer.organisations.add(org)
        with store.unit_of_work() as reader:
            assert reader.organisations.by_org_number(org.org_number) is None
        writer.commit()

    with store.unit_of_work() as reader:
        assert reader.organisations.by_org_number(org.org_number) is not None


def test_a_conflict_leaves_the_unit_of_work_usable(store: Store) -> None:
    """A refused write undoes only itself: what came before can still be committed."""
    first = person("Anna", "Andersson")
    with store.unit_of_work() as uow:
        kept = uow.persons.add(first)
        with pytest.raises(Conflict):
            uow.persons.add(first)  # the same personnummer again
        also_kept = uow.organisations.add(organisation())
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.persons.get(kept.id) == kept
        assert uow.organisations.get(also_kept.id) == also_kept


def test_a_writing_unit_of_work_keeps_the_same_promises(store: Store) -> None:
    kept, dropped = organisation("Vilhelmina kommun"), organisation("Dorotea kommun")
    with store.unit_of_work(write=True) as uow:
        uow.organisations.add(kept)
        uow.commit()
    with store.unit_of_work(write=True) as uow:
        uow.organisations.add(dropped)  # not committed

    with store.unit_of_work(write=True) as uow:
        assert [o.name for o in uow.organisations.list_all()] == ["Vilhelmina kommun"]
