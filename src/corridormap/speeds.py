"""Default speeds per edge class and profile, crossing times, and the source of each.

The passenger rail speeds are *average scheduled* speeds (stops included), calibrated on
published fastest scheduled journeys (the calibration table is in the README and
``geodata/facts/timetable.csv``); the others rest on design standards and traffic law, below
their limits. Every value here is one class's, never one pair's. Change them for a run with
``settings.override(class_speeds=...)`` or the CLI's ``--speed CLASS=KPH``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from corridormap.classes import PASSENGER_ONLY, RAIL_CLASSES, ROAD_CLASSES
from corridormap.errors import SettingsError

__all__ = [
    "DEFAULT_CROSSING_H",
    "DEFAULT_GAUGE_CHANGE_H",
    "DEFAULT_SPEEDS",
    "PROFILES",
    "SPEED_SOURCES",
    "check_class_speeds",
    "classes_of",
    "parse_speed",
    "source_of",
    "with_overrides",
]

#: Travel profiles per mode; the first is the default. Freight trains may not use
#: passenger-dedicated lines (classes in :data:`corridormap.classes.PASSENGER_ONLY`).
PROFILES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"rail": ("passenger", "freight"), "road": ("car", "truck")}
)
_PROFILE_MODE = {p: mode for mode, ps in PROFILES.items() for p in ps}

DEFAULT_SPEEDS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "passenger": MappingProxyType(
            {
                "high_speed": 210.0,
                "intercity": 170.0,
                "conventional": 70.0,
                "broad_gauge": 75.0,
                "connector": 40.0,
                "access": 40.0,
            }
        ),
        "freight": MappingProxyType(
            {"conventional": 50.0, "broad_gauge": 50.0, "connector": 20.0, "access": 30.0}
        ),
        "car": MappingProxyType(
            {"expressway": 100.0, "main": 70.0, "connector": 40.0, "access": 40.0}
        ),
        "truck": MappingProxyType(
            {"expressway": 80.0, "main": 60.0, "connector": 30.0, "access": 30.0}
        ),
    }
)

#: Hours per crossing of China's border: customs and border formalities.
DEFAULT_CROSSING_H: Mapping[str, float] = MappingProxyType(
    {"passenger": 2.0, "freight": 3.0, "car": 0.5, "truck": 1.0}
)
#: Hours of the 1435/1520 mm gauge change at a rail crossing (bogie exchange for passenger
#: cars, transshipment for freight).
DEFAULT_GAUGE_CHANGE_H: Mapping[str, float] = MappingProxyType({"passenger": 2.5, "freight": 8.0})

_CALIBRATED = (
    "calibrated on published fastest scheduled journeys (README, calibration table; "
    "geodata/facts/timetable.csv)"
)
_CALIBRATED_ZH = "按公开的最快列车运行时刻标定（README 标定表；geodata/facts/timetable.csv）"
_ROAD_LAW = (
    "道路交通安全法实施条例 Art. 78: expressway ≤120 km/h for small passenger cars, ≤100 km/h "
    "for other motor vehicles; Art. 45: 70 km/h on a road with one lane each way"
)
_ROAD_LAW_ZH = (
    "《道路交通安全法实施条例》第七十八条：高速公路小型载客汽车不超过120 km/h，其他机动车不超过"
    "100 km/h；第四十五条：同方向只有1条机动车道的公路70 km/h"
)

#: Why each default is what it is, as (Chinese, English), keyed by ``profile/class``,
#: ``crossing/profile`` or ``gauge/profile``.
SPEED_SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "passenger/high_speed": (
            f"高速铁路（TB 10621-2014 设计速度 250–350 km/h）的平均表定速度，含停站；{_CALIBRATED_ZH}",
            f"average scheduled speed, stops included, on high-speed lines (TB 10621-2014 design "
            f"speed 250-350 km/h); {_CALIBRATED}",
        ),
        "passenger/intercity": (
            "城际铁路（TB 10623-2014 不超过 200 km/h）的平均表定速度：高速类速度乘以设计速度之比"
            " 200/250，近似值，不确定度约 ±20 %",
            "average scheduled speed on intercity lines (TB 10623-2014: up to 200 km/h): the "
            "high-speed class speed times the design-speed ratio 200/250, approximate (about "
            "±20 %)",
        ),
        "passenger/conventional": (
            f"普速铁路最快旅客列车（K/T/Z）的平均表定速度，含停站；{_CALIBRATED_ZH}",
            f"average scheduled speed of the fastest conventional trains (K/T/Z), stops "
            f"included; {_CALIBRATED}",
        ),
        "passenger/broad_gauge": (
            "蒙古、俄罗斯 1520 mm 轨距线路：K23 次二连开（00:59）至乌兰巴托 9 小时 26 分，"
            "约 719 km（里程标：扎门乌德 1113 − 乌兰巴托 404 = 709 km，加二连—扎门乌德 10 km）推算，"
            "含扎门乌德停站，近似值（约 ±20 %；时刻表来自旅行社网站 travelchinaguide.com 2018）",
            "1520 mm lines in Mongolia and Russia: K23 leaves Erlian at 00:59 and reaches "
            "Ulaanbaatar 9 h 26 min later over about 719 km (km posts Zamyn-Üüd 1,113 − "
            "Ulaanbaatar 404 = 709 km, plus 10 km Erlian–Zamyn-Üüd), Zamyn-Üüd stop included; "
            "approximate (about ±20 %; timetable from a travel agency, travelchinaguide.com 2018)",
        ),
        "freight/conventional": (
            "货物列车平均旅行速度：中欧班列“日均运行1300公里”（中国网 2017）≈54 km/h，取 50 km/h",
            "freight average travel speed: China-Europe trains 'run 1,300 km a day' "
            "(China.org.cn 2017), about 54 km/h, taken as 50 km/h",
        ),
        "freight/broad_gauge": (
            "同普速货物列车（中欧班列日均1300公里）",
            "as conventional freight (China-Europe trains, 1,300 km a day)",
        ),
        "car/expressway": (
            f"低于小客车限速 120 km/h 的规划平均速度，近似值；{_ROAD_LAW_ZH}",
            f"a planning average below the 120 km/h car limit, approximate; {_ROAD_LAW}",
        ),
        "car/main": (
            f"一级/二级公路设计速度 80–60 km/h（JTG B01-2014）之间的规划平均，近似值；{_ROAD_LAW_ZH}",
            f"a planning average between the 80 and 60 km/h design speeds of first- and "
            f"second-class highways (JTG B01-2014), approximate; {_ROAD_LAW}",
        ),
        "truck/expressway": (
            f"低于货车限速 100 km/h 的规划平均速度，近似值；{_ROAD_LAW_ZH}",
            f"a planning average below the 100 km/h limit for other vehicles, approximate; "
            f"{_ROAD_LAW}",
        ),
        "truck/main": (
            f"低于公路限速 70 km/h 的规划平均速度，近似值；{_ROAD_LAW_ZH}",
            f"a planning average below the 70 km/h road limit, approximate; {_ROAD_LAW}",
        ),
        "*/connector": (
            "数据缺口连接段（≤3 km 直线），按低速计，影响很小",
            "gap connectors (straight, at most 3 km), at a low speed; their effect is small",
        ),
        "*/access": (
            "地点到车站或路网的接驳段：城市主干路最低设计速度 40 km/h（CJJ 37-2012），货运 30 km/h",
            "place to station or network: the lowest urban arterial design speed, 40 km/h "
            "(CJJ 37-2012); 30 km/h for freight",
        ),
        "crossing/passenger": (
            "国际旅客列车在二连停站 4:20–5:00（K4、K23、K24 时刻，旅行社网站），减去换轮 2.5 小时，"
            "余约 2 小时为出入境手续，近似值",
            "international passenger trains stop 4:20-5:00 at Erlian (K4, K23, K24 timetables, "
            "travel agency sites); less the 2.5 h bogie exchange, about 2 h of border formalities, "
            "approximate",
        ),
        "crossing/freight": (
            "中欧班列口岸通关时间“不超过3小时”（满洲里，央视网 2020）",
            "China-Europe train customs clearance at the port 'no more than 3 hours' "
            "(Manzhouli, CCTV 2020)",
        ),
        "crossing/car": (
            "公路口岸旅客通关，近似值 0.5 小时（满洲里公路口岸平均2–3分钟为单车查验时间，不含排队）",
            "road port passenger clearance, approximate 0.5 h (the 2-3 min average at Manzhouli "
            "road port is the check itself, queues excluded)",
        ),
        "crossing/truck": (
            "公路口岸货车通关，近似值 1 小时（甘其毛都单车卡口放行不超过30秒，不含排队与查验）",
            "road port truck clearance, approximate 1 h (at Ganqimaodu a truck passes the gate in "
            "under 30 s; queues and inspection excluded)",
        ),
        "gauge/passenger": (
            "二连换轮库：检车20分钟后“持续一个小时的换轮作业”（中国网 2014），加上调车进出换轮库，"
            "约2.5小时（一位记者记为“近四个小时”，含手续）",
            "Erenhot bogie shed: 20 min inspection, then 'an hour of bogie changing' "
            "(China.org.cn 2014), with shunting in and out about 2.5 h (a reporter counted 'nearly "
            "four hours', formalities included)",
        ),
        "gauge/freight": (
            "满洲里换装作业“由原来的10小时压缩至8小时”（中新网 2024）",
            "Manzhouli transshipment 'cut from 10 hours to 8 hours' (China News Service 2024)",
        ),
    }
)


def classes_of(profile: str) -> tuple[str, ...]:
    """Return the edge classes a profile may use, fastest first.

    Examples
    --------
    >>> classes_of("freight")
    ('conventional', 'broad_gauge', 'connector', 'access')

    """
    if profile not in _PROFILE_MODE:
        raise SettingsError(f"unknown profile {profile!r}; use one of {sorted(_PROFILE_MODE)}")
    if _PROFILE_MODE[profile] == "road":
        return ROAD_CLASSES
    if profile == "freight":
        return tuple(c for c in RAIL_CLASSES if c not in PASSENGER_ONLY)
    return RAIL_CLASSES


def source_of(key: str, lang: str = "zh") -> str:
    """Return the stated source of a ``profile/class``, ``crossing/…`` or ``gauge/…`` value."""
    found = SPEED_SOURCES.get(key) or SPEED_SOURCES.get("*/" + key.rsplit("/", maxsplit=1)[-1])
    if found is None:
        return ""
    return found[1 if lang == "en" else 0]


def check_class_speeds(
    speeds: Mapping[str, Mapping[str, float]],
) -> Mapping[str, Mapping[str, float]]:
    """Return validated class speeds: every profile, each of its classes, a finite speed > 0."""
    if set(speeds) != set(_PROFILE_MODE):
        raise SettingsError(
            f"class_speeds needs the profiles {sorted(_PROFILE_MODE)}, got {sorted(speeds)}"
        )
    out = {}
    for profile, table in speeds.items():
        want = classes_of(profile)
        if set(table) != set(want):
            raise SettingsError(
                f"class_speeds[{profile!r}] needs the classes {list(want)}, got {sorted(table)}"
            )
        for cls, kph in table.items():
            if (
                not isinstance(kph, int | float)
                or isinstance(kph, bool)
                or not math.isfinite(kph)
                or not 1 <= kph <= 600
            ):
                raise SettingsError(
                    f"speed of {profile}/{cls} must be a number from 1 to 600 km/h, got {kph!r}"
                )
        out[profile] = MappingProxyType({c: float(table[c]) for c in want})
    return MappingProxyType(out)


def with_overrides(
    speeds: Mapping[str, Mapping[str, float]], profile: str, changes: Mapping[str, float]
) -> Mapping[str, Mapping[str, float]]:
    """Return ``speeds`` with some classes of one profile changed (``{"high_speed": 300}``)."""
    allowed = classes_of(profile)
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise SettingsError(
            f"the {profile} profile has no class {unknown}; its classes: {', '.join(allowed)}"
        )
    new = {p: dict(t) for p, t in speeds.items()}
    new[profile].update(changes)
    return check_class_speeds(new)


def parse_speed(text: str) -> tuple[str, float]:
    """Parse ``CLASS=KPH`` (as given to ``--speed``) into a class and a speed.

    Examples
    --------
    >>> parse_speed("high_speed=300")
    ('high_speed', 300.0)

    """
    name, sep, value = text.partition("=")
    try:
        kph = float(value)
    except ValueError:
        kph = math.nan
    if not sep or not name.strip() or not math.isfinite(kph):
        raise SettingsError(f"a speed is written CLASS=KPH, such as high_speed=300; got {text!r}")
    return name.strip(), kph
