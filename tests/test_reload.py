import json
import threading
from pathlib import Path

from retrieval.index import layout
from tests.conftest import SEEDS


def _extra_article(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "gazette-ferry",
                "title": "Ferry fares to rise in April",
                "date": "2021-02-01",
                "source": "Harbour Gazette",
                "url": None,
                "body": body,
            }
        )
        + "\n"
    )
    return path


def test_unchanged_inputs_rebuild_nothing(seed_service):
    before = layout.serving_build(seed_service.config.index_dir)
    archive = seed_service.archive
    report = seed_service.build()
    assert report.unchanged and report.encoded == 0
    assert (report.added, report.updated, report.removed) == ([], [], [])
    assert layout.serving_build(seed_service.config.index_dir) == before
    assert seed_service.archive is archive


def test_edit_replaces_exactly_that_articles_passages_and_quotes(seed_service, tmp_path):
    path = _extra_article(
        tmp_path,
        '"Fares must rise to pay for the new boat," said Ann Lowe, '
        "the ferry company's chief executive.",
    )
    first = seed_service.build([SEEDS, path])
    assert first.added == ["gazette-ferry"] and first.encoded == 2  # one passage, one quote
    assert [r.speaker for r in seed_service.who_said("new boat fares").results][:1] == ["Ann Lowe"]

    path = _extra_article(
        tmp_path,
        '"We have frozen fares for another year," said Raj Patel, '
        "the ferry company's new chief executive.",
    )
    second = seed_service.build([SEEDS, path])
    assert second.updated == ["gazette-ferry"] and second.encoded == 2
    speakers = {name for name, _ in seed_service.speakers()}
    assert "Raj Patel" in speakers and "Ann Lowe" not in speakers
    assert all("new boat" not in r.text for r in seed_service.ask("ferry fares", k=25).results)


def test_queries_keep_being_answered_during_a_reload(seed_service, tmp_path):
    path = _extra_article(
        tmp_path,
        "Ferry fares will rise by ten percent in April, the "
        "operator said, blaming fuel costs and a new vessel.",
    )
    seed_service.ask("Syria")  # load the serving archive first
    failures: list[BaseException] = []
    answered = 0
    done = threading.Event()

    def ask_repeatedly() -> None:
        nonlocal answered
        while not done.is_set():
            try:
                assert seed_service.ask("What did Corbyn's spokesman say about Syria?").results
                answered += 1
            except BaseException as exc:  # any failure during the swap is a bug
                failures.append(exc)

    workers = [threading.Thread(target=ask_repeatedly) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        report = seed_service.build([SEEDS, path])
    finally:
        done.set()
        for worker in workers:
            worker.join()
    assert report.added == ["gazette-ferry"]
    assert failures == [] and answered > 0
    assert seed_service.ask("ferry fares fuel costs").results[0].article_id == "gazette-ferry"
