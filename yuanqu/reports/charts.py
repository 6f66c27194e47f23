"""Charts for the documents, drawn with matplotlib (Agg) in a Chinese font.

The data comes from the figure engine (values in 万元, converted to 亿元 only for the axis); the
chart functions take plain lists and return PNG bytes. Without a CJK font every Chinese
character would be a box, so drawing stops with a clear message instead.

Print size: each chart is drawn at the width it is printed (PRINT_WIDTH_MM, the width word.py
inserts it at), at 300 dpi, so its type sizes are print sizes: no label under 10.5 pt (五号).
python-docx embeds no SVG or EMF, hence PNG at print resolution.
"""
from __future__ import annotations

import functools
import io
import shutil
import subprocess
from decimal import Decimal

FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN",
            "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN")
WAN_PER_YI = Decimal(10000)
COLORS = {"this": "#c62828", "last": "#90a4ae", "bar": "#1565c0", "main": "#c62828", "other": "#78909c"}
PRINT_WIDTH_MM = 150
WIDTH_IN, HEIGHT_IN, DPI = PRINT_WIDTH_MM / 25.4, 3.2, 300
MIN_PT = 10.5  # 五号: the smallest type in a chart
LABEL_PT, TICK_PT, AXIS_PT = 10.5, 10.5, 11


class ChartFontError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def cjk_family() -> str:
    """The first installed CJK font family matplotlib can use (raises ChartFontError otherwise)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in FAMILIES:
        if family in names:
            return family
    path = _fc_match("Noto Sans CJK SC:lang=zh-cn")
    if path:
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    raise ChartFontError("未找到中文字体（如 Noto Sans CJK SC），图表中的汉字无法显示。"
                         "请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）后重试。")


def _fc_match(pattern: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{lang}", pattern], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, langs = out.partition("\n")
    return path if path and "zh-cn" in langs else None


def _figure(height=HEIGHT_IN, left=0.1, bottom_in=0.55):
    """A figure with fixed margins (a layout engine would double the drawing time)."""
    from matplotlib.figure import Figure

    family = cjk_family()
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    fig.subplots_adjust(left=left, right=0.97, top=0.92, bottom=bottom_in / height)
    return fig, {"family": family}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 3})
    return buf.getvalue()


def _yi(values) -> list[float]:
    """万元 → 亿元 as floats, for drawing only (labels are formatted from the Decimals)."""
    return [float(Decimal(v) / WAN_PER_YI) if v is not None else float("nan") for v in values]


def _style(ax, font):
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(font["family"])
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)


def output_trend(labels: list[str], this_year: list, last_year: list, growth_labels: list[str],
                 this_label: str, last_label: str) -> bytes:
    """This year's cumulative output against last year's (same firms), 亿元, growth above each point."""
    fig, font = _figure()
    ax = fig.add_subplot()
    x = list(range(len(labels)))
    cur, prev = _yi(this_year), _yi(last_year)
    ax.plot(x, prev, marker="o", color=COLORS["last"], linewidth=1.6, label=last_label)
    ax.plot(x, cur, marker="o", color=COLORS["this"], linewidth=2, label=this_label)
    for i, text in enumerate(growth_labels):
        if text:
            ax.annotate(text.replace("增长", "").replace("下降", "−"), (x[i], cur[i]), textcoords="offset points",
                        xytext=(0, 7), ha="center", fontsize=LABEL_PT, color=COLORS["this"],
                        fontfamily=font["family"])
    ax.set_xticks(x, labels)
    ax.set_ylabel("亿元", fontfamily=font["family"], fontsize=AXIS_PT)
    ax.legend(prop={"family": font["family"], "size": LABEL_PT}, frameon=False, loc="upper left")
    ax.tick_params(labelsize=TICK_PT)
    top = max(v for v in cur + prev if v == v)
    ax.set_ylim(0, top * 1.18)
    _style(ax, font)
    return _png(fig)


def chain_bars(names: list[str], outputs: list, value_labels: list[str], main: list[bool]) -> bytes:
    """Each chain's output (亿元), horizontal bars, main (主特) chains highlighted."""
    fig, font = _figure(height=max(2.0, 0.55 * len(names) + 1.0), left=0.04 + 0.03 * max(map(len, names), default=2))
    ax = fig.add_subplot()
    y = list(range(len(names)))[::-1]
    values = _yi(outputs)
    ax.barh(y, values, color=[COLORS["main"] if m else COLORS["other"] for m in main], height=0.55)
    for yi, v, text in zip(y, values, value_labels):
        ax.text(v, yi, f" {text}", va="center", fontsize=LABEL_PT, fontfamily=font["family"])
    ax.set_yticks(y, names)
    ax.set_xlabel("亿元", fontfamily=font["family"], fontsize=AXIS_PT)
    ax.set_xlim(0, (max(values) if values else 1) * 1.6)
    ax.tick_params(labelsize=TICK_PT)
    _style(ax, font)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    return _png(fig)


def stage_bars(stages: list[str], counts: list[int], labels: list[str]) -> bytes:
    """Projects counted at each stage (今年签约, 开工, 竣工 …, or 在谈 now): plain bars side by side, one
    count each, not a funnel — the stages are counted over different sets of projects."""
    fig, font = _figure(height=3.0, left=0.08, bottom_in=0.5)
    ax = fig.add_subplot()
    x = list(range(len(stages)))
    ax.bar(x, counts, color=COLORS["bar"], width=0.55)
    top = max(counts) if counts and max(counts) > 0 else 1
    for xi, n, text in zip(x, counts, labels):
        ax.text(xi, n + top * 0.03, text, ha="center", va="bottom", fontsize=LABEL_PT, fontfamily=font["family"])
    ax.set_xticks(x, stages)
    ax.set_ylabel("个", fontfamily=font["family"], fontsize=AXIS_PT, rotation=0, labelpad=12)
    ax.set_ylim(0, top * 1.35)
    ax.tick_params(labelsize=TICK_PT)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _style(ax, font)
    return _png(fig)
