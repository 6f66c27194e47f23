"""数据导入: read the workbooks offices really have, validate everything, then write all or nothing.

Layers (each usable on its own):
    reading.py   files → sheets of cells → located tables (title, unit line, two-row headers, totals, footer)
    values.py    cell values → Python values (Decimal, dates, choices) with unit conversion
    aliases.py   header aliases per field, one line per alias
    framework.py the declarative spec (columns, references, targets) and the engine
    specs.py     one spec per import kind (stats, roster, projects, land …)
    service.py   prepare → preview → execute, for the CLI and for a web view
    report.py    the error workbook (bad cells red, a comment on each)
    templates.py blank templates per kind;  export.py  lists → .xlsx
"""
