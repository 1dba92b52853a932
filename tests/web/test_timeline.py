"""The matter's correspondence timeline, filtered by kind and direction."""

from datetime import UTC, datetime

from casefile.correspondence.models import CallOutcome
from casefile.correspondence.services import CallData, log_call, log_note
from casefile.domain.roles import Role
from tests.web.helpers import login

NOW = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


def test_the_timeline_filters_by_kind_and_direction(client, make):
    paralegal = make.user(Role.PARALEGAL)
    actor = make.actor(paralegal)
    matter = make.matter()
    log_note(matter, "Skip trace ordered", False, actor, NOW)
    call = CallData(NOW, "in", "212 555 0100", CallOutcome.SPOKE, "Debtor called about the bill")
    log_call(matter, call, actor, NOW)
    login(client, paralegal)

    def timeline(query: str) -> str:
        page = client.get(f"/matters/{matter.id}?{query}").get_data(as_text=True)
        return page.split('id="correspondence-timeline"', 1)[-1].split("</ol>", 1)[0]

    everything = timeline("")
    assert "Skip trace ordered" in everything
    assert "Debtor called about the bill" in everything
    calls = timeline("channel=call")
    assert "Debtor called about the bill" in calls
    assert "Skip trace ordered" not in calls
    assert "Debtor called about the bill" not in timeline("channel=call&direction=out")
    assert "Skip trace ordered" in timeline("channel=bogus")  # unknown values are ignored
