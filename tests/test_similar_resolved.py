"""Similar resolved tickets show what fixed them: the resolution record's cause and solution."""

from agent_console.store import actions, closure, queries
from agent_console.store.actions import TicketChanges
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.vocab import Category, Channel, ProductLine, Status

ACTOR = Actor(name="lee")


def _ticket_on(store: Store, customer, device, subject: str) -> str:
    return actions.create_ticket(
        store, ACTOR, subject=subject, customer=customer, device=device,
        channel=Channel.PHONE, category=Category.HARDWARE,
    ).number  # fmt: skip


def test_a_similar_ticket_shows_its_recorded_cause_and_solution(store: Store) -> None:
    customer = actions.create_customer(store, ACTOR, name="Acme", phone="13900000001")
    first, second = (
        actions.register_device(store, ACTOR, customer_id=customer.id, serial=serial,
                                model="X1 Carbon Gen 11", product_line=ProductLine.LAPTOP)
        for serial in ("PF1", "PF2")
    )  # fmt: skip
    noted = _ticket_on(store, customer, first, "no power 0x7B")
    recorded = _ticket_on(store, customer, first, "no power again")
    asking = _ticket_on(store, customer, second, "no power")
    actions.update_ticket(store, ACTOR, noted, TicketChanges(status=Status.RESOLVED), "reseated")
    closure.resolve(store, ACTOR, recorded, cause="dead adapter", solution="new 65 W adapter")

    with store.read() as session:
        detail = queries.ticket_detail(session, asking, store.now().date())
        similar = {s.number: s.resolution for s in queries.similar_resolved(session, detail, [])}

    assert similar == {noted: "reseated", recorded: "dead adapter: new 65 W adapter"}
