"""The navigator's item model: checked by Qt's model tester, and what it shows per node."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from replydesk.store import Store
from replydesk.ui.navigator_model import CompletionRole, CountsRole, NavigatorModel
from replydesk.ui.session import ReplySession


def test_model_passes_qt_model_tester_and_counts_per_branch(qtmodeltester, db_path, registry):
    form = registry.get("global-alliance-2014")
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(form, "DENMARK", 2014)
        store.save_answers(reply.id, form, {"pt2.og1.a": "x", "pt2.og2.c": "y", "pt1.og1.a": "z",
                                            "pt1.og1.b": "z", "pt1.og1.c": "z"})
        session = ReplySession(store, form.resolved(2014), store.reply(reply.id))
        model = NavigatorModel(session)
        qtmodeltester.check(model)
        assert model.rowCount(QModelIndex()) == 4
        pt1, pt2 = model.index(0, 0), model.index(1, 0)
        assert pt1.data(CompletionRole) == "complete" and pt1.data(CountsRole) == (3, 3)
        assert pt2.data(CompletionRole) == "partly" and model.index(1, 1).data() == "2/6"
        assert model.index(3, 0).data(CompletionRole) == "empty"
        goal = model.index(0, 0, pt2)
        assert [model.index(r, 0, goal).data().split()[-1] for r in range(3)] == ["A)", "B)", "C)"]
        changed = []
        model.dataChanged.connect(lambda top, _bottom: changed.append(top.data(CountsRole)))
        session.stage("pt4.og2.a", "new")
        session.flush()
        assert (1, 6) in changed  # the target's count repainted as well as the question
