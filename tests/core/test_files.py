"""Files written whole: a reader polling the file never sees it empty or half written."""

from __future__ import annotations

import stat
import threading

from klyngekort.core.files import write_text_atomic


def test_a_polling_reader_sees_the_old_or_the_new_content_never_a_partial_one(tmp_path):
    target = tmp_path / "instance-0.pid"
    write_text_atomic(target, "1000\n")
    texts = [f"{n}\n" * 50 for n in range(1000, 1200)]  # long enough to be written in pieces
    seen: set[str] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(target.read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for text in texts:
            write_text_atomic(target, text)
    finally:
        done.set()
        reader.join()
    assert seen <= {"1000\n", *texts}
    assert target.read_text(encoding="utf-8") == texts[-1]
    assert [p.name for p in tmp_path.iterdir()] == ["instance-0.pid"]  # no temporary file left
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
