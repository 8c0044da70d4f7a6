"""Session state across reruns, in Streamlit's own test runner (the app's scripts, in process)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.common import Keys
from tests.browser import ROOT


def test_a_choice_and_a_language_switch_in_one_rerun_keep_the_choice() -> None:
    # A change and a switch sent close together reach the server as one rerun, whose
    # callbacks already see the new language (a browser test met this on a busy machine).
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    shown_zh = f"{Keys.LABEL_LANG}__zh"
    at.radio(key=shown_zh).set_value("en")
    at.radio(key=Keys.LANG).set_value("en")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state[Keys.LABEL_LANG] == "en"
    assert at.radio(key=f"{Keys.LABEL_LANG}__en").value == "en"
