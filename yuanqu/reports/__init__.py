"""Briefings that write themselves (周监测、月调度、季盘点) and the draft checker (材料数字核对).

    yuanqu report monthly --period 2023-08 [--scope county|parks|park:CODE|chain:CODE] --format docx|pdf|xlsx|txt
                          [--date 2023-09-11] -o PATH
    yuanqu report weekly --week 2023-W35 …          yuanqu report quarterly --quarter 2023Q3 …
    yuanqu check-draft FILE.txt|FILE.docx [--period 2023-08] [--json]
    web: /reports/ (choose, preview, download; PDF as a background job), /reports/check/

How it is built (figures → wording → blocks → outputs):
  facts.py / context.py  the engine's figures as display strings (`yuanqu.figures.format` words every
                         number; nothing here sums); names come from the rows a figure points to.
  wording.py + templates/reports/wording/*.txt   the sentences, in Jinja text templates.
  build.py               one builder per kind: context, charts (charts.py, matplotlib in Noto CJK),
                         tables, the .xlsx appendix tables.
  word.py + layout.py    GB/T 9704 Word layout (28×22 grid, title lines, 落款, table widths); pdf.py
                         LibreOffice + templates/reports/fontconfig/fonts.conf and SC faces; xlsx.py the appendix.
  week.py                the weekly sheet's week-on-week news (stage changes, tickets) and moved figures.
  checker/               draft → claims → figures, targets, plans → agrees / differs / no data / plan /
                         not found, with why a number differs (one module per concern).
  jobs.py, views.py      background renders with an htmx-polled status page; the pages.

Number rule (DOMAIN §3), one rule everywhere: 亿元 totals always with two decimals ("81.60亿元",
"42.80亿元", although the sample writes 81.6 and 42.8), growth with one decimal ("增长17.1%"),
shares as the figure defines them (the parks' share with two: "84.23%"), rates with one ("98.0%"),
points over time progress with two ("28.83个百分点"), areas trimmed ("120亩", "4.6万平方米"); a value
that is whole in the unit shown has no decimals ("400亿元", "增长10%", "95%"); a list has one unit
("转让0.8万平方米" beside "改造提升1.26万平方米"); dates in Chinese, without the year when it is the
report's ("5月31日").

成文日期: the user's (`--date`, the 成文日期 field of /reports/), else the reporting date:
YUANQU_RULES["report_issue"] — the 10th of the month after the period (月调度), the 15th of the month
after the quarter (季盘点), the Monday after the week (周监测) — moved off a weekend to the Monday
(public holidays are not known here yet). Designations made by others (the city's 骏马项目, a 红榜)
are recorded in the admin (项目 › 上级评定) and shown as recorded with their source; the county's own
季盘点 lists are computed by the rule and said to be so.

HOW AN OFFICE CHANGES THE WORDING (no code):
  1. Copy yuanqu/reports/templates/reports/wording/monthly.txt (or weekly.txt, quarterly.txt) to
     <YUANQU_VAR_DIR>/report_templates/monthly.txt (default var/report_templates/). The copy is used
     instead of the shipped file and survives upgrades; delete it to go back.
  2. Edit the sentences. Lines starting with "# " are the title, "## " and "### " headings (numbered
     一、 and （一） automatically); "@chart NAME" / "@table NAME" place a chart or table; "@right TEXT"
     is a right-aligned line (落款, date); other lines are text, consecutive lines joining into one
     paragraph, a blank line starting the next.
  3. Figures are written {{ f['industry.output_ytd'] }} and print as the briefing writes them
     ("83.98亿元"); `yuanqu figures --period 2023-08` lists every key. Wrap a sentence in
     {% if have('key') %} … {% endif %} so that it is left out when the figure is missing. Never
     type a number into a template.
  4. Check with `yuanqu report monthly --period 2023-08 --format txt`: a mistake stops the render
     with the file name and line number.
"""
