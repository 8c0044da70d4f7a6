"""Short citations of the sources in ``geodata/facts``: a publisher or site and a year.

A source cell may hold a long URL, a mirror with its original named in brackets, a paper, or
a description of a data set. A reader of a popup or a table needs "Xinhua 2023" or
"Natural Earth"; the full text stays in ``geodata/facts`` and ``geodata/SOURCES.md``.
Local paths never appear in a citation.

Examples
--------
>>> short_citation("https://x.com/a (mirror; original: Xinhua 2023-02-24, data 满洲里海关)")
'Xinhua 2023'
>>> short_citation("http://regional.chinadaily.com.cn/innermongolia/2024-01/18/c_82173.htm")
'China Daily 2024'
>>> short_citation("Natural Earth ne_10m_populated_places, NAME=Hohhot")
'Natural Earth'

"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

__all__ = ["short_citation", "source_url"]

_URL = re.compile(r"https?://[^\s\"'<>；;，,)]+")
_DATE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-/.年](?:0?[1-9]|1[0-2])(?![0-9])")
_URL_YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])[-/]?(?:0[1-9]|1[0-2])(?![0-9]{3})")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_WIKI = re.compile(r"\b([a-z]{2})[-.]wikipedia|wikipedia_([a-z]{2})_", re.IGNORECASE)
#: Publishers by registrable domain; other sites are cited by their domain.
_SITES = {
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "chinadaily.com.cn": "China Daily",
    "china.org.cn": "China.org.cn",
    "people.cn": "People's Daily",
    "people.com.cn": "People's Daily",
    "cnr.cn": "CNR",
    "cri.cn": "CRI",
    "ce.cn": "Economic Daily",
    "163.com": "NetEase",
    "qq.com": "Tencent News",
    "montsame.mn": "MONTSAME",
    "citypopulation.de": "City Population",
    "github.com": "GitHub",
}
_SECOND_LEVEL = {"com", "org", "gov", "net", "edu", "ac"}
_MAX = 48


def short_citation(source: object) -> str:
    """Return a short citation of a source cell: publisher or site, and a year where known.

    Empty for a missing source. An uploaded file is cited by its name only.
    """
    text = str(source or "").strip()
    if not text or text.lower() == "nan":
        return ""
    if text.startswith("upload:"):
        return _basename(text.removeprefix("upload:").strip())
    original = _original(text)
    if original:
        return _cite_original(original, text)
    return _data_set(text) or _cite_text(text)


def _data_set(text: str) -> str:
    """Return the name of a well-known data set a source cell describes, or ``""``."""
    lower = text.lower()
    if "natural earth" in lower:
        return "Natural Earth"
    if "openstreetmap" in lower or text.startswith("OSM "):
        return "OpenStreetMap"
    return _is_wiki(text)


def _cite_text(text: str) -> str:
    """Cite a URL at the start, a work named in 《》, a URL inside, or the first words."""
    url = _URL.search(text)
    if url and url.start() == 0:
        return _cite_url(url.group(0))
    if "《" in text and "》" in text:
        return _cut(text[: text.index("》") + 1])
    if url:
        return _cite_url(url.group(0))
    return _cut(_strip_paths(re.split(r"[(:（：]", text, maxsplit=1)[0]))


def source_url(source: object) -> str | None:
    """Return the first web address in a source cell (never a local path), or ``None``."""
    found = _URL.search(str(source or ""))
    return found.group(0).rstrip(".:") if found else None


def _original(text: str) -> str:
    """Return what a mirror's ``(mirror; original: ...)`` names, brackets balanced."""
    start = text.find("original:")
    if start < 0:
        return ""
    depth, out = 0, []
    for char in text[start + len("original:") :]:
        if char in "(（":
            depth += 1
        elif char in ")）":
            if depth == 0:
                break
            depth -= 1
        out.append(char)
    return "".join(out).strip()


def _cite_original(original: str, whole: str) -> str:
    url = _URL.match(original)
    if url:
        return _cite_url(url.group(0))
    wiki = _is_wiki(original)
    if wiki:
        return wiki
    name = _cut(re.split(r"[,，;；(（《\"“]|(?:19|20)[0-9]{2}", original, maxsplit=1)[0].strip())
    year = _year(original) or _url_year(whole)
    return f"{name} {year}".strip()


def _cite_url(url: str) -> str:
    wiki = _is_wiki(url)
    if wiki:
        return wiki
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    domain = ".".join(labels[-keep:])
    name = _SITES.get(domain, domain)
    year = _url_year(url)
    return f"{name} {year}" if year else name


def _year(text: str) -> str:
    found = _DATE_YEAR.search(text) or _YEAR.search(text)
    return found.group(1) if found else ""


def _url_year(text: str) -> str:
    url = _URL.search(text)
    found = _URL_YEAR.search(urlsplit(url.group(0)).path) if url else None
    return found.group(1) if found else ""


def _is_wiki(text: str) -> str:
    plain = unquote(text)
    found = _WIKI.search(plain)
    if found:
        return f"Wikipedia ({(found.group(1) or found.group(2)).lower()})"
    return "Wikipedia" if "wikipedia" in plain.lower() else ""


def _basename(name: str) -> str:
    return re.split(r"[/\\]", name)[-1]


def _strip_paths(text: str) -> str:
    return re.sub(r"(?:\.\.?/|/)[^\s]+", "", text).strip()


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX else text[: _MAX - 1].rstrip() + "…"
