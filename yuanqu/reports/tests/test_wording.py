"""The wording templates: syntax, numbering, and an office's own copy overriding the shipped one."""
import pytest

from yuanqu.reports.wording import WordingError, environment, parse, render_text


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


@pytest.mark.parametrize("names, limit, total, expected", [
    (["甲", "乙", "丙", "丁"], 3, None, "等"),  # four names, three shown
    (["甲", "乙"], 3, None, ""),  # every name shown: "甲、乙2个项目", not "甲、乙等2个项目"
    (["甲"], 3, 1, ""),
    (["甲", "乙"], 2, 5, "等"),  # the figure counts more projects than it names
    ([], None, None, ""),
])
def test_etc_only_when_names_stop_short(names, limit, total, expected):
    from yuanqu.reports.facts import etc

    assert etc(names, limit, total) == expected
    if total is None:  # as the wording templates use it
        template = environment().from_string("{{ names(ns, lim) }}{{ etc(ns, lim) }}{{ ns|length }}个项目")
        shown = "、".join(names[:limit] if limit else names)
        assert template.render(ns=names, lim=limit) == f"{shown}{expected}{len(names)}个项目"
