"""The wording templates: syntax, numbering, and an office's own copy overriding the shipped one."""
import pytest

from yuanqu.reports.wording import WordingError, parse, render_text


def test_parse_blocks_and_numbering():
    blocks = parse("# 标题\n\n## 甲\n第一行\n第二行\n\n### 乙\n正文@table t\n@chart c\n@right 落款\n## 丙\n")
    assert [(b.kind, b.full_text) for b in blocks if b.kind not in ("chart", "table")] == [
        ("title", "标题"), ("h1", "一、甲"), ("p", "第一行第二行"), ("h2", "（一）乙"), ("p", "正文"), ("right", "落款"),
        ("h1", "二、丙")]
    assert [(b.kind, b.ref) for b in blocks if b.kind in ("chart", "table")] == [("table", "t"), ("chart", "c")]


def test_office_copy_overrides_the_shipped_template(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "report_templates").mkdir()
    (tmp_path / "report_templates" / "weekly.txt").write_text("# {{ title }}本周要情\n", encoding="utf-8")
    assert render_text("weekly.txt", {"title": "示例县"}) == "# 示例县本周要情\n"


def test_template_errors_name_the_file_and_line(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "report_templates").mkdir()
    (tmp_path / "report_templates" / "weekly.txt").write_text("第一行\n{{ 没有这个 }}\n", encoding="utf-8")
    with pytest.raises(WordingError, match="weekly.txt 第2行"):
        render_text("weekly.txt", {})


def test_templates_are_sandboxed(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "report_templates").mkdir()
    (tmp_path / "report_templates" / "weekly.txt").write_text("{{ x.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(WordingError):
        render_text("weekly.txt", {"x": 1})
