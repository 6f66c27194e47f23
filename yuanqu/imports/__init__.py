"""数据导入: read the workbooks offices really have, validate everything, then write all or nothing.

A kind says what a file holds (kind.py); the engine runs every kind through the same stages, each
a module, all handed one `run.Run` (the kind, the period, the county, the user, what earlier
stages found, the issues):

    read.py     file → sheets of cells (.xlsx/.xls/.ods/.csv; sizes and formula cells looked at first)
    header.py   locate the header: the sheet, the title (and its period), the unit line, the columns
    parse.py    the data rows' cells → values, the 合计 row checked
    resolve.py  the rows each row names (a firm by credit code or name, a park …), duplicate rows
    diff.py     each row → each target's field values, compared with the stored row
    check.py    the kind's own rules (kind.check), with the diff and the database in view
    write.py    one transaction: rows, data batch, revisions (bulk.py: the SQL per database)

    service.py  prepare (validate, no write) / execute (validate and write), for the CLI and the page
    report.py   the error workbook;  templates.py  blank templates;  export.py  lists → .xlsx

Adding a kind: a module in kinds/ with one `Kind` subclass (columns with their header aliases,
references, targets, and `check(run)` for its rules) — see kinds/labour.py for a small one — and
its test. It is found by its module; no engine code changes. A new column is one `Column` in its
kind; a new header alias is one more string in the column's `aliases`.
"""
