from __future__ import annotations

import pytest

from corridormap import settings
from corridormap.errors import CorridormapError, SettingsError
from tests.browser import ROOT


def test_override_changes_then_restores() -> None:
    before = settings.get().gravity_exponent
    with settings.override(gravity_exponent=1.5) as cfg:
        assert cfg.gravity_exponent == 1.5
        assert settings.get().gravity_exponent == 1.5
    assert settings.get().gravity_exponent == before


def test_unknown_setting_is_rejected_with_the_known_names() -> None:
    with (
        pytest.raises(SettingsError, match="gravity_exponent") as info,
        settings.override(gravity_exponant=1.0),
    ):
        pass
    assert isinstance(info.value, CorridormapError)
    assert "unknown setting" in str(info.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"gravity_exponent": 0},
        {"class_speeds": {"passenger": {"high_speed": 200.0}}},
        {"profile": {"rail": "truck", "road": "car"}},
        {"route_by": "distance"},
        {"crossing_h": {"passenger": -1.0, "freight": 1.0, "car": 1.0, "truck": 1.0}},
        {"max_snap_m": {"rail": "far", "road": 1.0}},
        {"max_suggestions": 0},
    ],
)
def test_invalid_values_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(SettingsError), settings.override(**changes):
        pass


def test_every_default_speed_and_crossing_time_has_a_stated_source() -> None:
    from corridormap import speeds

    cfg = settings.get()
    for profile, table in cfg.class_speeds.items():
        for cls in table:
            for lang in ("zh", "en"):
                assert len(speeds.source_of(f"{profile}/{cls}", lang)) > 20, (profile, cls)
    for profile in cfg.crossing_h:
        assert speeds.source_of(f"crossing/{profile}", "en")
    for profile in cfg.gauge_change_h:
        assert speeds.source_of(f"gauge/{profile}", "en")


def test_override_is_seen_only_by_its_own_thread() -> None:
    import threading

    seen: dict[str, float] = {}
    inside = threading.Event()
    done = threading.Event()

    def other() -> None:
        inside.wait(5)
        seen["other"] = settings.get().gravity_exponent
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with settings.override(gravity_exponent=1.5):
        inside.set()
        done.wait(5)
        seen["own"] = settings.get().gravity_exponent
    thread.join(5)
    assert seen == {"other": 2.0, "own": 1.5}
    assert settings.get().gravity_exponent == 2.0


def test_the_library_limit_is_the_one_an_app_user_meets() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    # Streamlit's maxUploadSize counts megabytes of 10**6 bytes; it must lie above the library's
    # limit, so a too-large file gets the library's message in the interface language
    assert config["server"]["maxUploadSize"] * 1_000_000 > settings.get().upload_max_bytes
    assert settings.get().upload_max_bytes == 10_000_000  # the CLI's limit too
