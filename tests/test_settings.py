from __future__ import annotations

import pytest

from corridormap import settings
from corridormap.errors import CorridormapError, SettingsError


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
        {"speed_kmh": {"rail": 80.0}},
        {"speed_kmh": {"rail": -1.0, "road": 80.0}},
        {"max_snap_m": {"rail": "far", "road": 1.0}},
        {"max_suggestions": 0},
    ],
)
def test_invalid_values_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(SettingsError), settings.override(**changes):
        pass


def test_every_mode_speed_has_a_stated_source() -> None:
    assert set(settings.SPEED_SOURCES) == set(settings.MODES)
    for mode in settings.MODES:
        for text in settings.SPEED_SOURCES[mode]:
            assert f"{settings.get().speed_kmh[mode]:.0f} km/h" in text


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
