"""Helpers shared by the attack tests (tests/output/test_output_safety.py and the opt-in
tests/test_attacks_slow.py): hostile report texts and snapshots of folders."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from helpers.paths import SEED_REPORT

PAYLOADS = ("<img src=x onerror=alert(1)>", "<svg onload=alert(2)>", "<script>alert(3)</script>",
            "[click](javascript:alert(4))")


def snapshot(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def seed_years(folder: Path, years) -> Path:
    """The seed re-dated to each of `years`: distinct reports (one region, many years), so a
    panel of them takes a while to extract."""
    folder.mkdir()
    text = SEED_REPORT.read_text(encoding="utf-8")
    for year in years:
        dated = text.replace("2024", "\0").replace("2025", str(year)).replace("\0", str(year - 1))
        (folder / f"inner_mongolia_{year}.txt").write_text(dated, encoding="utf-8")
    return folder


def live_markup(html: str) -> list[str]:
    """Elements or attributes that would run in a browser."""
    root = lxml.html.document_fromstring(html)
    found = [f"<{el.tag}>" for el in root.iter("script", "iframe", "object", "embed")]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append(f"<{el.tag} {name}={value!r}>")
    return found


def payload_report(tmp_path: Path, fmt: str) -> Path:
    """A report whose title, headings and headline clause carry markup: the How-to-cite cell
    quotes all of them (title, section of the first headline target, its sentence)."""
    lines = [f"2025年湖北省政府工作报告{PAYLOADS[1]}",
             f"一、2024年工作回顾{PAYLOADS[2]}",
             "全省地区生产总值增长5.8%，城镇新增就业90万人，居民消费价格上涨0.3%，粮食总产量达到550亿斤。",
             f"二、2025年工作安排{PAYLOADS[0]}",
             f"今年主要预期目标是：地区生产总值增长5.5%左右{PAYLOADS[3]}{PAYLOADS[0]}，"
             "城镇新增就业80万人以上，居民消费价格涨幅2%左右。"]
    if fmt == "txt":
        path = tmp_path / "hubei_2025.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        from html import escape

        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        path = tmp_path / "hubei_2025.html"
        path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(lines[0])}</title>"
                        f"</head><body><article>{body}</article></body></html>", encoding="utf-8")
    return path
